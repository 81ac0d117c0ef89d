package dev.flashsale.reservation;

import dev.flashsale.catalog.Sale;
import reactor.core.publisher.Mono;

/**
 * Rebuilds a sale's live state when its stock hash is gone or incomplete (Redis restarted without
 * persistence, lost recent writes, or lost a key), reconciling the holds Redis still has with the
 * durable ledger. Implemented by the ledger; answers false when there was nothing to rebuild from
 * (no ledger rows and no surviving holds), in which case fresh stock is created.
 */
public interface StockRecovery {

    Mono<Boolean> recover(Sale sale);
}
