package dev.flashsale.recommendation;

import java.time.Instant;

import reactor.core.publisher.Mono;

/**
 * Where other features report what shoppers do (the reservation engine: holds, purchases,
 * cancellations; the waitlist: joins). Completes at once without I/O; events are written in
 * batches later and may be dropped under overload, which recommendations can afford and the
 * reserve path must not wait for.
 */
public interface BehaviourRecorder {

    Mono<Void> record(String shopperId, long saleId, BehaviourType type, Instant at);
}
