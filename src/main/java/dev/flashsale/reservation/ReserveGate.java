package dev.flashsale.reservation;

import reactor.core.publisher.Mono;

/**
 * A check a reserve must pass besides the rate limit, run right after it and just before the
 * reserve's Redis call (a sold-out answered from memory skips it, like the rate limit). The waiting
 * room implements it: while a sale's room is enabled, a reserve needs the shopper's admission token.
 */
@FunctionalInterface
public interface ReserveGate {

    /** The request header carrying the waiting room's admission token. */
    String ADMISSION_HEADER = "X-Admission-Token";

    /** Lets every reserve through: the gate when no feature provides one. */
    ReserveGate OPEN = (saleId, shopper, admissionToken, idempotencyKey) -> Mono.empty();

    /** Completes empty to let the reserve run, or fails with the problem to answer instead. */
    Mono<Void> check(long saleId, String shopper, String admissionToken, String idempotencyKey);
}
