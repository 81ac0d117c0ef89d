package dev.flashsale.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Mono;

/** Read side of the catalog for the sale page: memory snapshot plus live stock, no database. */
@Service
public class SaleQueries {

    private final CatalogCache cache;
    private final StockLevels stock;
    private final Clock clock;

    SaleQueries(CatalogCache cache, StockLevels stock, Clock clock) {
        this.cache = cache;
        this.stock = stock;
        this.clock = clock;
    }

    /** Sales that have not ended, soonest first; with {@code includeEnded} every sale. */
    public Mono<List<SaleView>> list(boolean includeEnded) {
        return cache.snapshot().flatMap(snapshot -> {
            Instant now = clock.instant();
            List<Sale> sales = snapshot.salesInOrder().stream()
                    .filter(s -> includeEnded || now.isBefore(s.endsAt()))
                    .toList();
            return stock.of(sales).map(levels -> sales.stream()
                    .map(s -> view(snapshot, s, levels, now))
                    .toList());
        });
    }

    public Mono<SaleView> get(long saleId) {
        return cache.snapshot().flatMap(snapshot -> {
            Sale sale = snapshot.sale(saleId).orElseThrow(() -> saleNotFound(saleId));
            return stock.of(List.of(sale)).map(levels -> view(snapshot, sale, levels, clock.instant()));
        });
    }

    public Mono<StockView> stock(long saleId) {
        return cache.snapshot().flatMap(snapshot -> {
            Sale sale = snapshot.sale(saleId).orElseThrow(() -> saleNotFound(saleId));
            return stock.of(List.of(sale)).map(levels -> {
                return StockView.of(sale, levels.getOrDefault(sale.id(), StockLevel.untouched(sale)), clock.instant());
            });
        });
    }

    /** Stock of every sale that has not ended, for the live feed. */
    public Mono<List<StockView>> liveStock() {
        return cache.snapshot().flatMap(snapshot -> {
            Instant now = clock.instant();
            List<Sale> live = snapshot.salesInOrder().stream().filter(s -> now.isBefore(s.endsAt())).toList();
            return stock.of(live).map(levels -> live.stream()
                    .map(sale -> StockView.of(sale, levels.getOrDefault(sale.id(), StockLevel.untouched(sale)), now))
                    .toList());
        });
    }

    public Mono<Sale> sale(long saleId) {
        return cache.snapshot().map(snapshot -> snapshot.sale(saleId).orElseThrow(() -> saleNotFound(saleId)));
    }

    public static ApiException saleNotFound(long saleId) {
        return new ApiException(ProblemType.SALE_NOT_FOUND, "No sale with id " + saleId + ".");
    }

    private static SaleView view(CatalogSnapshot snapshot, Sale sale, Map<Long, StockLevel> levels, Instant now) {
        Product product = snapshot.product(sale.productId()).orElseThrow(() -> saleNotFound(sale.id())); // never: see CatalogSnapshot.of
        return SaleView.of(sale, product, levels.getOrDefault(sale.id(), StockLevel.untouched(sale)), now);
    }
}
