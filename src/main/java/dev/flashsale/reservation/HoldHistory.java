package dev.flashsale.reservation;

import reactor.core.publisher.Mono;

/**
 * The durable record of holds, read when Redis no longer has one: a closed hold is deleted from
 * Redis once the ledger has committed it (see {@code purge_holds.lua}), and a GET or an idempotent
 * replay of it is answered from here. Implemented by the ledger.
 */
public interface HoldHistory {

    /** The hold as the ledger last recorded it, or empty if the ledger has no such hold in that sale. */
    Mono<Hold> find(long saleId, String holdId);
}
