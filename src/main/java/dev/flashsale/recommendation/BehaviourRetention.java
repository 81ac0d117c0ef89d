package dev.flashsale.recommendation;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Deletes behaviour older than the retention window. Every instance runs it; the delete is
 * idempotent, so no coordination is needed and a dead instance leaves nothing undone.
 */
@Component
class BehaviourRetention {

    private static final Logger log = LoggerFactory.getLogger(BehaviourRetention.class);

    private final BehaviourEvents events;
    private final RecommendationProperties props;
    private final Clock clock;
    private Disposable cleaning;

    BehaviourRetention(BehaviourEvents events, RecommendationProperties props, Clock clock) {
        this.events = events;
        this.props = props;
        this.clock = clock;
    }

    Mono<Long> purge() {
        return Mono.defer(() -> events.deleteBefore(clock.instant().minus(props.retention())));
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        cleaning = Periodic.every(props.cleanupInterval(), props.cleanupInterval(), this::purge, log,
                "Behaviour retention cleanup");
    }

    @PreDestroy
    void stop() {
        if (cleaning != null) {
            cleaning.dispose();
        }
    }
}
