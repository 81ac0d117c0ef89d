package dev.flashsale.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.reservation.Holds;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.resource.ClientResources;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The ledger's CONFIRMED wins over Redis (invariant 5: a payment acknowledged to the marketplace is
 * never lost, and its unit never sold again). Redis with AOF {@code everysec}, or an asynchronous
 * replica promoted, can come back without a confirm's last write: the hold HELD again, to be expired
 * and its unit granted to someone else. Repairs (see {@link Holds#repairConfirmed}) run:
 * <ul>
 * <li>at start-up and on every Redis (re)connection, for every sale not long ended, with expiry held
 * back until the pass has finished ({@link RepairGate}): the holds Redis has HELD that the ledger has CONFIRMED (this is the restart path when the stock hash survived; a
 * lost stock hash is rebuilt with the ledger's CONFIRMED winning, {@code rebuild_sale.lua});</li>
 * <li>whenever the ledger consumer applies an EXPIRED/RELEASED event for a hold the ledger has
 * CONFIRMED ({@link LedgerWriter}): the clash is repaired right after the batch commits;</li>
 * <li>every {@code reconcile-every}: both of the above again (HELD-vs-CONFIRMED, and every clash the
 * ledger has recorded that no repair has answered yet), so a repair that failed (Redis down) or found the units granted again
 * (OVERSOLD: nothing changed, logged as an error, counted, visible as reconciliation drift) is
 * retried until a unit comes back to stock.</li>
 * </ul>
 * Every repair is idempotent, so instances may run it at once.
 */
@Component
class PaidHoldRepair extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(PaidHoldRepair.class);

    /** A hold the ledger has CONFIRMED. */
    record Paid(long saleId, String holdId, String shopper, String paymentRef) {
    }

    private final DatabaseClient db;
    private final Holds holds;
    private final CatalogCache catalog;
    private final ClientResources lettuce;
    private final LedgerProperties props;
    private final Clock clock;
    private final MeterRegistry registry;
    private final RepairGate gate;

    PaidHoldRepair(DatabaseClient db, Holds holds, CatalogCache catalog, ClientResources lettuce, LedgerProperties props,
            Clock clock, MeterRegistry registry, RepairGate gate) {
        this.gate = gate;
        this.db = db;
        this.holds = holds;
        this.catalog = catalog;
        this.lettuce = lettuce;
        this.props = props;
        this.clock = clock;
        this.registry = registry;
    }

    @Override
    protected Disposable begin() {
        // expiry waits (RepairGate) from each (re)connection until a pass started after it has finished
        // (a failed pass is retried at once, with backoff: expiry is waiting for it)
        Disposable onConnect = lettuce.eventBus().get().filter(ConnectionActivatedEvent.class::isInstance)
                .map(e -> gate.close())
                .startWith(gate.close())
                .onBackpressureLatest()
                .concatMap(generation -> gatedPass(generation)
                        .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(5))
                                .doBeforeRetry(s -> log.warn("Repair of paid holds after a Redis (re)connection failed,"
                                        + " retrying; expiry waits for it: {}", s.failure().toString()))), 1)
                .subscribe();
        Disposable periodic = every(props.reconcileEvery(), () -> gatedPass(gate.current()), log, "Repair of paid holds");
        // a stopped repair holds nothing back: expiry must not wait for a pass that will not come
        return reactor.core.Disposables.composite(onConnect, periodic, gate::release);
    }

    /** A pass that opens the expiry gate of {@code generation} when every sale in it was repaired. */
    private Mono<Long> gatedPass(long generation) {
        return allSales().doOnSuccess(n -> gate.passFinished(generation));
    }

    /**
     * One pass over every sale not long ended; returns how many holds were repaired. A sale that fails
     * does not stop the others; the pass then ends in the first failure (it did not repair everything).
     */
    Mono<Long> allSales() {
        return Mono.defer(this::onePass);
    }

    private Mono<Long> onePass() {
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        return catalog.salesEndingAfter(clock.instant().minus(Duration.ofDays(1)))
                .concatMap(sale -> sale(sale.id()).onErrorResume(e -> {
                    log.warn("Repair of paid holds of sale {} failed, retried later: {}", sale.id(), e.toString());
                    failure.compareAndSet(null, e);
                    return Mono.just(0L);
                }))
                .reduce(0L, Long::sum)
                .flatMap(repaired -> failure.get() == null ? Mono.just(repaired) : Mono.error(failure.get()));
    }

    /**
     * The holds of a sale Redis has HELD while the ledger has them CONFIRMED, and the ledger's recorded
     * clashes (CONFIRMED with an EXPIRED/RELEASED event from Redis): each is repaired; returns how many changed.
     */
    Mono<Long> sale(long saleId) {
        return candidates(saleId).collectList().flatMap(this::repair);
    }

    /**
     * The holds of a sale the ledger has CONFIRMED that Redis has HELD, or that clashed with an
     * expiry/release not yet followed by a CONFIRMED event (a repair emits one: a repaired clash is not
     * re-checked every pass; an OVERSOLD one emits none and is retried).
     */
    Flux<Paid> candidates(long saleId) {
        Flux<Paid> heldInRedis = holds.heldIds(saleId).flatMapMany(ids -> ids.isEmpty() ? Flux.empty() : db.sql("""
                select id, shopper, payment_ref from reservation
                where sale_id = :sale and status = 'CONFIRMED' and id = any(:ids)""")
                .bind("sale", saleId).bind("ids", ids.toArray(String[]::new))
                .map(row -> new Paid(saleId, row.get("id", String.class), row.get("shopper", String.class),
                        row.get("payment_ref", String.class)))
                .all());
        Flux<Paid> clashes = db.sql("""
                select distinct r.id, r.shopper, r.payment_ref from ledger_event e
                join reservation r on r.id = e.reservation_id and r.status = 'CONFIRMED'
                where e.sale_id = :sale and e.type in ('EXPIRED', 'RELEASED')
                  and not exists (select 1 from ledger_event later
                                  where later.reservation_id = e.reservation_id and later.type = 'CONFIRMED'
                                    and later.occurred_at > e.occurred_at)""")
                .bind("sale", saleId)
                .map(row -> new Paid(saleId, row.get("id", String.class), row.get("shopper", String.class),
                        row.get("payment_ref", String.class)))
                .all();
        return Flux.concat(heldInRedis, clashes).distinct(Paid::holdId);
    }

    /** Repairs these paid holds in Redis; returns how many changed. */
    Mono<Long> repair(List<Paid> paid) {
        return Flux.fromIterable(paid)
                .concatMap(p -> holds.repairConfirmed(p.saleId(), p.holdId(), p.shopper(), p.paymentRef())
                        .doOnNext(outcome -> counter(outcome).increment()))
                .filter(outcome -> outcome == Holds.Repair.REPAIRED)
                .count();
    }

    private Counter counter(Holds.Repair outcome) {
        return Counter.builder("flashsale.ledger.paid_repairs").tag("outcome", outcome.name().toLowerCase())
                .description("Repairs of holds the ledger has CONFIRMED and Redis did not (OVERSOLD: its units were"
                        + " granted again; retried)")
                .register(registry);
    }
}
