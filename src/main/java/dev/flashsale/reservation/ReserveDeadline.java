package dev.flashsale.reservation;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Mono;

/**
 * A bound on how long a reserve waits for Redis (the rate-limit check and the reserve script
 * together). Lettuce's own command timeout is long on purpose (a late reply of a saturated JVM is
 * still a definitive answer for background work), but a shopper facing a paused or unreachable Redis
 * should hear {@code 503 service-unavailable} with {@code Retry-After} at once, not after seconds.
 * <p>
 * What the answer may promise depends on how far the reserve got, so the two stages are told apart
 * by one atomic gate: timed out before the script was sent, the script is never sent and nothing was
 * reserved; timed out after, the script may still run when Redis answers again (it is written to
 * the connection already), so the outcome is unknown and only a retry with the same
 * {@code Idempotency-Key} can tell (the script answers the earlier hold, never a second unit).
 */
final class ReserveDeadline {

    private static final int WAITING = 0;
    private static final int SENT = 1;
    private static final int GAVE_UP = 2;

    private ReserveDeadline() {
    }

    /** {@code gaveUp} hears {@code true} when nothing was reserved, {@code false} when the outcome is unknown. */
    static <T> Mono<T> bound(Duration timeout, Mono<Void> beforeScript, Mono<T> script, Consumer<Boolean> gaveUp) {
        return Mono.defer(() -> {
            AtomicInteger stage = new AtomicInteger(WAITING);
            // after the deadline fired the chain is cancelled; should it still get here, nothing is sent
            Mono<T> gatedScript = Mono.defer(() -> stage.compareAndSet(WAITING, SENT) ? script : Mono.<T>never());
            return beforeScript.then(gatedScript)
                    .timeout(timeout, Mono.defer(() -> {
                        boolean nothing = stage.compareAndSet(WAITING, GAVE_UP);
                        gaveUp.accept(nothing);
                        return Mono.error(nothing ? nothingReserved() : outcomeUnknown());
                    }));
        });
    }

    private static ApiException nothingReserved() {
        return ApiException.retryLater(ProblemType.SERVICE_UNAVAILABLE,
                "Stock could not be reached in time; nothing was reserved. Please try again in a moment.",
                Map.of("outcome", "none"), Duration.ofSeconds(1));
    }

    private static ApiException outcomeUnknown() {
        return ApiException.retryLater(ProblemType.SERVICE_UNAVAILABLE,
                "Stock did not answer in time; the reservation may or may not have been made. Retry with the same"
                        + " Idempotency-Key to get it (without one, look at your cart before retrying).",
                Map.of("outcome", "unknown"), Duration.ofSeconds(1));
    }
}
