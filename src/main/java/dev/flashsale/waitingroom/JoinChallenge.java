package dev.flashsale.waitingroom;

import reactor.core.publisher.Mono;

/**
 * A bot check on joining a waiting room, pluggable and off by default: the default accepts every
 * join. To turn one on, declare a bean of this type (a CAPTCHA or proof-of-work verifier, say); the
 * sale page then sends what it needs in the {@value #HEADER} header of {@code POST /api/sales/{id}/queue},
 * and a join it refuses is {@code 403 challenge-failed}. It runs after the join's rate limit and
 * before the queue script, so a refused join takes no ticket.
 */
public interface JoinChallenge {

    String HEADER = "X-Challenge";

    /** Whether the join may go on; {@code response} is the header's value, or null. */
    Mono<Boolean> passes(long saleId, String shopper, String response);
}
