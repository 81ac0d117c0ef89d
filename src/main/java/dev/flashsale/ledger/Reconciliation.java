package dev.flashsale.ledger;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;
import dev.flashsale.reservation.Holds;
import dev.flashsale.reservation.StreamBacklog;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

/**
 * Proves Redis and the ledger agree for a sale: counters (available, held, sold, total) and the
 * set of live holds. Units on offer to waitlisted shoppers are not in the ledger (offers are not
 * orders): the ledger's available ({@code total - held - sold}) is compared with Redis's
 * {@code available + offered}, and the report shows Redis's {@code offered} beside. Meaningful once the sale's stream is drained, which the report states; the
 * drift is also published per sale as {@code flashsale.reconciliation.drift}.
 * <p>
 * The ledger is read on the primary even when a read replica is configured ({@code ReadOnlyDatabase}): Redis is
 * read at this instant, and a replica's lag would show every hold made or closed within it as drift.
 */
@Service
class Reconciliation {

    record Counters(long available, long held, long sold, long total) {
    }

    record Report(long saleId, Counters redis, Counters ledger, Counters drift, List<String> holdsOnlyInRedis,
            List<String> holdsOnlyInLedger, boolean streamDrained, long pendingEvents, boolean inSync, long offered) {
    }

    /** The ledger's counters for a sale, and how many reservations it has recorded at all. */
    private record LedgerTotals(Counters counters, long reservations) {
    }

    private final Holds holds;
    private final LedgerStreams streams;
    private final DatabaseClient db;
    private final MeterRegistry registry;
    private final Map<Long, AtomicLong> drifts = new ConcurrentHashMap<>();

    Reconciliation(Holds holds, LedgerStreams streams, DatabaseClient db, MeterRegistry registry) {
        this.holds = holds;
        this.streams = streams;
        this.db = db;
        this.registry = registry;
    }

    Mono<Report> reconcile(Sale sale) {
        Mono<Optional<StockLevel>> redis = holds.stock(sale.id()).map(Optional::of).defaultIfEmpty(Optional.empty());
        Mono<List<String>> redisHolds = holds.heldIds(sale.id());
        Mono<StreamBacklog> backlog = streams.backlog(sale.id());
        Mono<LedgerTotals> ledger = db.sql("""
                select count(*) as reservations,
                       coalesce(sum(quantity) filter (where status = 'HELD'), 0) as held,
                       coalesce(sum(quantity) filter (where status = 'CONFIRMED'), 0) as sold,
                       (select total_quantity from sale where id = :sale) as total
                from reservation where sale_id = :sale""")
                .bind("sale", sale.id())
                .map(row -> {
                    long held = row.get("held", Long.class);
                    long sold = row.get("sold", Long.class);
                    long total = row.get("total", Integer.class);
                    return new LedgerTotals(new Counters(total - held - sold, held, sold, total),
                            row.get("reservations", Long.class));
                }).one();
        Mono<List<String>> ledgerHolds = db.sql("select id from reservation where sale_id = :sale and status = 'HELD'")
                .bind("sale", sale.id()).map(row -> row.get("id", String.class)).all().collectList();
        return Mono.zip(redis, redisHolds, backlog, ledger, ledgerHolds).map(t -> {
            // Redis has no state for a sale before its first reserve: with nothing in the ledger either, the
            // sale is not live yet and its stock is untouched. Missing state with ledger records is a real loss.
            StockLevel r = t.getT1().orElseGet(() -> t.getT4().reservations() == 0 ? StockLevel.untouched(sale)
                    : new StockLevel(0, 0, 0, 0));
            Counters inRedis = new Counters(r.available(), r.held(), r.sold(), r.total());
            Counters inLedger = t.getT4().counters();
            Counters drift = new Counters(inRedis.available() + r.offered() - inLedger.available(), inRedis.held() - inLedger.held(),
                    inRedis.sold() - inLedger.sold(), inRedis.total() - inLedger.total());
            List<String> onlyRedis = minus(t.getT2(), t.getT5());
            List<String> onlyLedger = minus(t.getT5(), t.getT2());
            StreamBacklog b = t.getT3();
            boolean inSync = drift.equals(new Counters(0, 0, 0, 0)) && onlyRedis.isEmpty() && onlyLedger.isEmpty();
            gauge(sale.id()).set(Math.abs(drift.available()) + Math.abs(drift.held()) + Math.abs(drift.sold())
                    + Math.abs(drift.total()));
            return new Report(sale.id(), inRedis, inLedger, drift, onlyRedis, onlyLedger, b.drained(),
                    b.pending() + b.undelivered(), inSync, r.offered());
        });
    }

    private AtomicLong gauge(long saleId) {
        return drifts.computeIfAbsent(saleId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("flashsale.reconciliation.drift", value, AtomicLong::get).tag("sale", String.valueOf(id))
                    .description("Units by which Redis and the ledger disagree for a sale (0 when in sync)")
                    .register(registry);
            return value;
        });
    }

    private static List<String> minus(List<String> a, List<String> b) {
        Set<String> other = new HashSet<>(b);
        return a.stream().filter(id -> !other.contains(id)).sorted().limit(100).toList();
    }
}
