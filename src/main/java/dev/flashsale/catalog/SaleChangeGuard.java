package dev.flashsale.catalog;

import reactor.core.publisher.Mono;

/**
 * Lets another feature veto a sale edit: the reservation engine owns live stock, so it refuses a
 * new total once stock is live (units are then added or removed through stock adjustment).
 */
public interface SaleChangeGuard {

    Mono<Void> beforeUpdate(Sale existing, int newTotalQuantity);
}
