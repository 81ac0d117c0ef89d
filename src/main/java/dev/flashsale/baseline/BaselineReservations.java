package dev.flashsale.baseline;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Mono;

/**
 * The reserve the way most tutorials write it, kept only as the benchmark's yardstick: one Postgres
 * transaction that takes the sale's stock row lock with a conditional {@code UPDATE ... WHERE
 * available >= :q}, checks the shopper's units, and inserts the hold row. Every shopper of a sale
 * queues on that one row lock, which is what the benchmark measures. No expiry, no events.
 * Exists only when {@code flashsale.baseline.enabled=true} ({@code bench/run.sh} sets it).
 */
@Component
@ConditionalOnProperty(name = "flashsale.baseline.enabled", havingValue = "true")
class BaselineReservations {

    record BaselineHold(String id, long saleId, int quantity, String status, Instant createdAt, Instant expiresAt) {
    }

    private static final Duration HOLD = Duration.ofMinutes(10);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final SaleQueries sales;
    private final Clock clock;
    private final Set<Long> initialised = ConcurrentHashMap.newKeySet();

    BaselineReservations(DatabaseClient db, ReactiveTransactionManager transactions, SaleQueries sales, Clock clock) {
        this.db = db;
        this.tx = TransactionalOperator.create(transactions);
        this.sales = sales;
        this.clock = clock;
    }

    Mono<BaselineHold> reserve(long saleId, String shopper, int quantity) {
        return sales.sale(saleId).flatMap(sale -> {
            Instant now = clock.instant();
            if (!sale.isOpenAt(now)) {
                return Mono.error(new ApiException(ProblemType.SALE_NOT_ACTIVE, "This sale is not open."));
            }
            if (quantity > sale.perUserLimit()) {
                return Mono.error(limitExceeded(sale, 0));
            }
            return initialise(sale).then(hold(sale, shopper, quantity, now).as(tx::transactional));
        });
    }

    private Mono<BaselineHold> hold(Sale sale, String shopper, int quantity, Instant now) {
        Instant expiresAt = now.plus(HOLD);
        return db.sql("update baseline_sale_stock set available = available - :q, held = held + :q"
                        + " where sale_id = :sale and available >= :q")
                .bind("q", quantity).bind("sale", sale.id())
                .fetch().rowsUpdated()
                .flatMap(updated -> updated == 0
                        ? Mono.error(new ApiException(ProblemType.SOLD_OUT, "All units of this sale are taken."))
                        : db.sql("select coalesce(sum(quantity), 0) as units from baseline_hold"
                                        + " where sale_id = :sale and shopper = :shopper")
                                .bind("sale", sale.id()).bind("shopper", shopper)
                                .map(row -> row.get("units", Long.class)).one())
                .flatMap(units -> units + quantity > sale.perUserLimit()
                        ? Mono.error(limitExceeded(sale, units))
                        : db.sql("insert into baseline_hold (sale_id, shopper, quantity, created_at, expires_at)"
                                        + " values (:sale, :shopper, :q, :now, :expires) returning id")
                                .bind("sale", sale.id()).bind("shopper", shopper).bind("q", quantity)
                                .bind("now", now).bind("expires", expiresAt)
                                .map(row -> row.get("id", Long.class)).one())
                .map(id -> new BaselineHold("baseline-" + id, sale.id(), quantity, "HELD", now, expiresAt));
    }

    /** The stock row of a sale, created from the catalog on its first reserve (idempotent). */
    private Mono<Void> initialise(Sale sale) {
        if (initialised.contains(sale.id())) {
            return Mono.empty();
        }
        return db.sql("insert into baseline_sale_stock (sale_id, available, total) values (:sale, :total, :total)"
                        + " on conflict (sale_id) do nothing")
                .bind("sale", sale.id()).bind("total", sale.totalQuantity())
                .fetch().rowsUpdated()
                .doOnSuccess(n -> initialised.add(sale.id()))
                .then();
    }

    /** Counters of the baseline's stock row, for the benchmark's conservation check. */
    Mono<Map<String, Object>> stock(long saleId) {
        return db.sql("select sale_id, available, held, total from baseline_sale_stock where sale_id = :sale")
                .bind("sale", saleId).fetch().one()
                .switchIfEmpty(Mono.error(new ApiException(ProblemType.SALE_NOT_FOUND, "No baseline stock for sale " + saleId)));
    }

    private static ApiException limitExceeded(Sale sale, long yours) {
        return new ApiException(ProblemType.LIMIT_EXCEEDED, "At most " + sale.perUserLimit() + " units per shopper.",
                Map.of("perUserLimit", sale.perUserLimit(), "yours", yours));
    }
}
