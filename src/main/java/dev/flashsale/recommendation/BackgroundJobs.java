package dev.flashsale.recommendation;

import java.time.Clock;
import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Everything the feature does in the background, in one place: writing queued behaviour,
 * rebuilding the model, deleting behaviour past the retention window. Every instance runs all
 * three; each is idempotent (the delete) or local (the queue, the model), so no coordination is
 * needed and a dead instance leaves nothing undone.
 */
@Component
class BackgroundJobs {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final BufferedBehaviourRecorder recorder;
    private final ModelRefresher models;
    private final BehaviourEvents events;
    private final RecommendationProperties props;
    private final Clock clock;
    private final Disposable.Composite running = Disposables.composite();

    BackgroundJobs(BufferedBehaviourRecorder recorder, ModelRefresher models, BehaviourEvents events,
            RecommendationProperties props, Clock clock) {
        this.recorder = recorder;
        this.models = models;
        this.events = events;
        this.props = props;
        this.clock = clock;
    }

    Mono<Long> purgeExpiredEvents() {
        return Mono.defer(() -> events.deleteBefore(clock.instant().minus(props.retention())));
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        running.add(every(props.flushInterval(), props.flushInterval(), recorder::flush,
                "Writing behaviour events (the failed batch is dropped)"));
        running.add(every(Duration.ZERO, props.refreshInterval(), models::refresh,
                "Rebuilding the recommendation model (the previous one stays)"));
        running.add(every(props.cleanupInterval(), props.cleanupInterval(), this::purgeExpiredEvents,
                "Behaviour retention cleanup"));
    }

    @PreDestroy
    void stop() {
        running.dispose();
    }

    /** One run at a time: a tick during a run is skipped; a failed run is logged and the next still comes. */
    private static Disposable every(Duration first, Duration interval, Supplier<Mono<?>> task, String what) {
        return Flux.interval(first, interval)
                .onBackpressureDrop()
                .concatMap(tick -> task.get()
                        .doOnError(e -> log.warn("{} failed: {}", what, e.toString()))
                        .onErrorResume(e -> Mono.empty()))
                .subscribe();
    }
}
