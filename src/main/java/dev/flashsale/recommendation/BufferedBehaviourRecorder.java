package dev.flashsale.recommendation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records behaviour into a bounded in-memory queue and writes it to Postgres in batches every
 * {@code flush-interval}. A full queue drops the event (counted in
 * {@code flashsale.recommendation.events.dropped}) instead of slowing the caller: a lost view
 * costs a little recommendation quality, a slower reserve path costs sales. Events still queued
 * when the instance stops are lost, at most one flush interval's worth.
 */
@Component
class BufferedBehaviourRecorder implements BehaviourRecorder {

    private static final Logger log = LoggerFactory.getLogger(BufferedBehaviourRecorder.class);
    private static final int BATCH = 500;

    private final BehaviourEvents events;
    private final RecommendationProperties props;
    private final BlockingQueue<BehaviourEvent> queue;
    private final Counter dropped;
    private Disposable flushing;

    BufferedBehaviourRecorder(BehaviourEvents events, RecommendationProperties props, MeterRegistry meters) {
        this.events = events;
        this.props = props;
        this.queue = new ArrayBlockingQueue<>(props.bufferCapacity());
        this.dropped = meters.counter("flashsale.recommendation.events.dropped");
    }

    @Override
    public Mono<Void> record(String shopperId, long saleId, BehaviourType type, Instant at) {
        return Mono.fromRunnable(() -> {
            if (!queue.offer(new BehaviourEvent(shopperId, saleId, type, at))) {
                dropped.increment();
            }
        });
    }

    /** Writes everything queued now; returns how many events were written. */
    Mono<Long> flush() {
        return Flux.defer(() -> {
            List<List<BehaviourEvent>> batches = new ArrayList<>();
            List<BehaviourEvent> batch = new ArrayList<>(BATCH);
            while (queue.drainTo(batch, BATCH) > 0) {
                batches.add(batch);
                batch = new ArrayList<>(BATCH);
            }
            return Flux.fromIterable(batches);
        }).concatMap(events::insert).reduce(0L, Long::sum);
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        flushing = Periodic.every(props.flushInterval(), props.flushInterval(), this::flush, log,
                "Writing behaviour events (the failed batch is dropped)");
    }

    @PreDestroy
    void stop() {
        if (flushing != null) {
            flushing.dispose();
        }
    }
}
