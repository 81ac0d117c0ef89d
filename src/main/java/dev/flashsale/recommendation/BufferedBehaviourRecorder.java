package dev.flashsale.recommendation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Records behaviour into a bounded in-memory queue that {@link BackgroundJobs} writes to Postgres
 * in batches every {@code flush-interval}. A full queue drops the event (counted in
 * {@code flashsale.recommendation.events.dropped}) instead of slowing the caller: a lost view
 * costs a little recommendation quality, a slower reserve path costs sales. Events still queued
 * when the instance stops are lost, at most one flush interval's worth.
 */
@Component
class BufferedBehaviourRecorder implements BehaviourRecorder {

    private static final int BATCH = 500;
    private static final int MAX_SHOPPER_ID = 128;

    private final BehaviourEvents events;
    private final BlockingQueue<BehaviourEvent> queue;
    private final Counter dropped;

    BufferedBehaviourRecorder(BehaviourEvents events, RecommendationProperties props, MeterRegistry meters) {
        this.events = events;
        this.queue = new ArrayBlockingQueue<>(props.bufferCapacity());
        this.dropped = meters.counter("flashsale.recommendation.events.dropped");
    }

    @Override
    public Mono<Void> record(String shopperId, long saleId, BehaviourType type, Instant at) {
        return Mono.fromRunnable(() -> {
            // An id the column cannot hold would fail the whole batch it lands in, so it stops here.
            boolean storable = shopperId != null && shopperId.length() <= MAX_SHOPPER_ID && type != null && at != null;
            if (!storable || !queue.offer(new BehaviourEvent(shopperId, saleId, type, at))) {
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
}
