package dev.flashsale.catalog;

import java.util.Collection;
import java.util.Map;

import reactor.core.publisher.Mono;

/** Where the catalog reads live stock from (the reservation engine keeps it in Redis). */
public interface StockLevels {

    Mono<Map<Long, StockLevel>> of(Collection<Sale> sales);
}
