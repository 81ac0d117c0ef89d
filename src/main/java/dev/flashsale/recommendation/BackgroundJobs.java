package dev.flashsale.recommendation;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;

/**
 * Everything the feature does in the background, in one place: writing queued behaviour,
 * rebuilding the model, deleting behaviour past the retention window. Every instance runs all
 * three; each is idempotent (the delete) or local (the queue, the model), so no coordination is
 * needed and a dead instance leaves nothing undone.
 */
@Component
class BackgroundJobs extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(BackgroundJobs.class);

    private final BufferedBehaviourRecorder recorder;
    private final ModelRefresher models;
    private final BehaviourEvents events;
    private final RecommendationProperties props;
    private final Clock clock;

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

    @Override
    protected Disposable begin() {
        // the first model is built at once (recommendations are empty until then), then every refresh-interval.
        // Like every pass, it is never cancelled midway: cancelling interrupts its worker thread, and an
        // interrupt while Lucene loads the Korean dictionaries breaks them for the rest of the JVM.
        models.refresh().onErrorResume(e -> {
            log.warn("Building the first recommendation model failed, retried at the next refresh: {}", e.toString());
            return Mono.empty();
        }).subscribe();
        return Disposables.composite(
                every(props.flushInterval(), recorder::flush, log, "Behaviour write"),
                every(props.refreshInterval(), models::refresh, log, "Recommendation model refresh"),
                every(props.cleanupInterval(), this::purgeExpiredEvents, log, "Behaviour retention cleanup"));
    }
}
