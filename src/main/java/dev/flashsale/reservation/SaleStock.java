package dev.flashsale.reservation;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.SaleHooks;
import dev.flashsale.catalog.StockLevel;
import dev.flashsale.catalog.StockLevels;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Keeps each sale's live stock in Redis in step with the catalog: created with the sale, window
 * and limit mirrored on edits, and read back for the sale page. The total only changes through
 * stock adjustment once stock is live, because Redis, not Postgres, owns the live counters.
 */
@Component
class SaleStock implements SaleHooks, StockLevels {

    private static final Logger log = LoggerFactory.getLogger(SaleStock.class);

    private final StockEngine engine;
    private final CatalogCache catalog;
    private final List<StockRecovery> recovery;
    private final Clock clock;

    SaleStock(StockEngine engine, CatalogCache catalog, List<StockRecovery> recovery, Clock clock) {
        this.engine = engine;
        this.catalog = catalog;
        this.recovery = recovery;
        this.clock = clock;
    }

    /**
     * Makes sure Redis has the sale's live state: rebuilt when its stock hash is gone or incomplete
     * (the surviving holds reconciled with the ledger), fresh when the sale has no state anywhere;
     * then mirrors the window and limit. Safe to run anywhere, any number of times.
     */
    Mono<Void> ensureLive(Sale sale) {
        return engine.stockComplete(sale.id())
                // a reserve that stops waiting (its Redis deadline, a client gone) must not cancel a rebuild
                // half-way, or a rebuild slower than that deadline would be restarted and cut off forever
                .flatMap(whole -> whole || recovery.isEmpty() ? Mono.just(false)
                        : Mono.fromFuture(recovery.get(0).recover(sale).toFuture(), true))
                .then(engine.initSale(sale))
                .flatMap(code -> code == ScriptCode.SALE_PARTIAL ? Mono.error(Holds.partial(sale.id())) : Mono.empty());
    }

    @Override
    public Mono<Void> beforeUpdate(Sale existing, Sale proposed) {
        if (existing.totalQuantity() == proposed.totalQuantity()) {
            return Mono.empty();
        }
        return Mono.error(new ApiException(ProblemType.STOCK_CONFLICT,
                "The total of a live sale changes through POST /admin/api/sales/" + existing.id()
                        + "/stock (adds units, or removes available ones), not through an edit."));
    }

    @Override
    public Mono<Void> afterSave(Sale saved) {
        return ensureLive(saved);
    }

    @Override
    public Mono<Map<Long, StockLevel>> of(Collection<Sale> sales) {
        return engine.stock(sales.stream().map(Sale::id).toList());
    }

    /**
     * Makes sure every sale that has not ended has live state: rebuilt from the ledger if Redis lost
     * it, fresh for sales inserted by SQL or the demo seeder. Existing counters are never touched.
     */
    @EventListener(ApplicationReadyEvent.class)
    void initialiseOpenSales() {
        catalog.snapshot()
                .flatMapMany(s -> Flux.fromIterable(s.salesInOrder()))
                .filter(sale -> clock.instant().isBefore(sale.endsAt()))
                .concatMap(sale -> ensureLive(sale).thenReturn(sale))
                .count()
                .subscribe(n -> log.info("Live stock checked for {} open sales", n),
                        e -> log.warn("Could not initialise live stock at start-up: {}", e.toString()));
    }
}
