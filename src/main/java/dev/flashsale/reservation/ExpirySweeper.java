package dev.flashsale.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.CatalogSnapshot;
import dev.flashsale.catalog.Sale;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The expiry guarantee. Every instance, every {@code sweep-interval}, asks each sale's deadline set
 * for holds (and waitlist offers) past their deadline and expires them in batches. Offers have no
 * shadow key, so this is their only expiry path. Running on all instances at once is
 * safe (the expire script is idempotent), so no lock or leader election is needed; it also covers
 * expired-key events that Redis never sent or that arrived while no instance listened. It stops
 * with the context (graceful shutdown) before the Redis connection does.
 */
@Component
class ExpirySweeper extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(ExpirySweeper.class);

    private final StockEngine engine;
    private final SaleStock saleStock;
    private final CatalogCache catalog;
    private final ReservationProperties props;
    private final ReservationMetrics metrics;
    private final Clock clock;
    private final ExpiryGate gate;
    /** When each sale next needs a look: its earliest deadline, and at least every {@link #RECHECK}. */
    private final Map<Long, Long> nextCheck = new ConcurrentHashMap<>();
    private static final long RECHECK = 1_000;
    private static final java.time.Duration FOLLOW_AFTER_END = java.time.Duration.ofDays(1);
    /** Sales whose deadline set was not empty at the last look: followed even if their end moved far back. */
    private final java.util.Set<Long> withHolds = ConcurrentHashMap.newKeySet();

    ExpirySweeper(StockEngine engine, SaleStock saleStock, CatalogCache catalog, ReservationProperties props,
            ReservationMetrics metrics, Clock clock, ExpiryGate gate) {
        this.gate = gate;
        this.engine = engine;
        this.saleStock = saleStock;
        this.catalog = catalog;
        this.props = props;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    protected Disposable begin() {
        if (!props.sweeperEnabled()) {
            log.warn("Expiry sweeper disabled on this instance: expired holds rely on the listener alone");
            return disabled("Expiry sweep");
        }
        return every(props.sweepInterval(), this::sweepOnce, this::oldestOverdue, log, "Expiry sweep");
    }

    /** The sales that may still have live holds. */
    private Flux<Sale> followedSales() {
        // a day after their end, not one hold duration: an admin may move a sale's end back while holds live
        Instant horizon = clock.instant().minus(FOLLOW_AFTER_END);
        return catalog.snapshot().flatMapIterable(CatalogSnapshot::salesInOrder)
                .filter(sale -> sale.endsAt().isAfter(horizon) || withHolds.contains(sale.id()));
    }

    /** The job's lag: how long the most overdue deadline of any followed sale has been waiting (zero if none is). */
    Mono<java.time.Duration> oldestOverdue() {
        long now = clock.millis();
        return followedSales().concatMap(sale -> engine.earliestDeadline(sale.id()))
                .reduce(0L, (max, due) -> Math.max(max, now - due))
                .map(java.time.Duration::ofMillis);
    }

    /**
     * One pass over the sales that may still have live holds and have something due (or have not
     * been looked at for a second); returns the number expired. Skipping sales with nothing due
     * keeps an idle instance from calling Redis for every sale five times a second.
     */
    Mono<Long> sweepOnce() {
        if (!gate.open()) {
            return Mono.just(0L);
        }
        long now = clock.millis();
        return followedSales()
                .filter(sale -> nextCheck.getOrDefault(sale.id(), 0L) <= now)
                .concatMap(sale -> drain(sale).onErrorResume(e -> {
                    // one failing sale (a shard failing over) must not stop expiry for the others
                    log.warn("Expiry of sale {} failed, retrying next tick: {}", sale.id(), e.toString());
                    return Mono.just(0L);
                }))
                .reduce(0L, Long::sum);
    }

    /**
     * Repeats while full batches come back, so a burst of deadlines is cleared within one tick. A
     * partial sale (its stock hash lost while holds survive) is rebuilt here, so that expiry, and
     * every other transition, resumes within about a second without anyone having to ask.
     */
    private Mono<Long> drain(Sale sale) {
        Mono<StockEngine.ExpiryReply> batch = engine.expire(sale.id(), props.sweepBatch(), "")
                .flatMap(reply -> reply.code() != ScriptCode.SALE_PARTIAL ? Mono.just(reply)
                        : saleStock.ensureLive(sale)
                                .doOnSuccess(v -> log.warn("Sale {} had lost part of its Redis state; rebuilt", sale.id()))
                                .thenReturn(reply))
                .doOnNext(reply -> metrics.restored(sale.id(), reply, true));
        return batch
                .expand(reply -> reply.expired() + reply.offersEnded() >= props.sweepBatch() ? batch : Mono.empty())
                .doOnNext(reply -> {
                    long recheck = clock.millis() + RECHECK;
                    long due = reply.nextDeadlineMillis();
                    nextCheck.put(sale.id(), due < 0 ? recheck : Math.min(due, recheck));
                    if (due < 0) {
                        withHolds.remove(sale.id());
                    } else {
                        withHolds.add(sale.id());
                    }
                })
                .map(StockEngine.ExpiryReply::expired)
                .reduce(0L, Long::sum);
    }
}
