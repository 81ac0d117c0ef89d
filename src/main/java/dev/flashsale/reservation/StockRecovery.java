package dev.flashsale.reservation;

import dev.flashsale.catalog.Sale;
import reactor.core.publisher.Mono;

/**
 * Rebuilds a sale's live state when Redis has none but the durable ledger knows the sale (Redis
 * restarted without persistence). Implemented by the ledger; answers false when the ledger has
 * nothing for the sale, in which case fresh stock is created.
 */
public interface StockRecovery {

    Mono<Boolean> recover(Sale sale);
}
