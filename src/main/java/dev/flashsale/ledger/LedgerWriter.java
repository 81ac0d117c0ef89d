package dev.flashsale.ledger;

import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.flashsale.reservation.SaleEventType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Applies events to Postgres exactly once. A batch is one READ COMMITTED transaction: the ledger
 * rows are inserted first (a duplicate id means already applied: skipped), then the reservation
 * rows move forward, closing transitions with an optimistic-lock check. A version conflict (a payment
 * webhook writing the same reservation at the same moment) rolls the batch back and retries it
 * with backoff; nothing is acknowledged to Redis until the transaction has committed.
 *
 * <p>Why READ COMMITTED suffices: exactly-once rests on the ledger's primary key (a concurrent
 * duplicate insert waits for the first and then fails or finds the row), and every reservation
 * update is a compare-and-set on its version, so no update can be lost without a stronger level.
 */
@Component
class LedgerWriter {

    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);

    private final DatabaseClient db;
    private final R2dbcEntityTemplate entities;
    private final TransactionalOperator transaction;
    private final LedgerMetrics metrics;
    private final PaidHoldRepair repair;

    LedgerWriter(DatabaseClient db, R2dbcEntityTemplate entities, TransactionalOperator ledgerTransaction,
            LedgerMetrics metrics, PaidHoldRepair repair) {
        this.db = db;
        this.entities = entities;
        this.transaction = ledgerTransaction;
        this.metrics = metrics;
        this.repair = repair;
    }

    /**
     * Applies the events in order; returns how many were new. Once started, a batch runs to commit
     * or rollback even if the caller cancels (a stopping consumer, a disconnected webhook caller): a
     * cancelled transaction could otherwise return its connection to the pool still open.
     */
    Mono<Long> apply(List<LedgerEvent> events) {
        return Mono.defer(() -> Mono.fromFuture(applyWithRetries(events).toFuture(), true));
    }

    /**
     * A clash (Redis reports EXPIRED/RELEASED for a hold the ledger has CONFIRMED: Redis lost the
     * confirm's write) is repaired in Redis once the batch has committed: the ledger's CONFIRMED wins.
     * A repair that fails is left to {@link PaidHoldRepair}'s periodic pass; the batch stays applied.
     */
    private Mono<Long> applyWithRetries(List<LedgerEvent> events) {
        List<PaidHoldRepair.Paid> clashes = new java.util.concurrent.CopyOnWriteArrayList<>();
        return Mono.defer(() -> {
                    clashes.clear(); // a retried batch finds its clashes again
                    return applyBatch(events, clashes);
                })
                .as(transaction::transactional)
                .retryWhen(Retry.backoff(8, Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(500))
                        .filter(e -> e instanceof OptimisticLockingFailureException || e instanceof DuplicateKeyException)
                        .doBeforeRetry(s -> metrics.conflictRetried()))
                .doOnNext(applied -> metrics.applied(events, applied))
                .flatMap(applied -> clashes.isEmpty() ? Mono.just(applied) : repair.repair(List.copyOf(clashes))
                        .onErrorResume(e -> {
                            log.error("Repair of paid holds {} failed; retried by the periodic pass: {}", clashes, e.toString());
                            return Mono.just(0L);
                        })
                        .thenReturn(applied));
    }

    /**
     * Set-based where it is safe: all ledger rows in one statement (the ones it did not insert are
     * duplicates), then all new holds in one statement; the rarer closing events one by one, each
     * with its version check.
     */
    private Mono<Long> applyBatch(List<LedgerEvent> events, List<PaidHoldRepair.Paid> clashes) {
        return insertLedgerRows(events).flatMap(fresh -> {
            List<LedgerEvent> applied = events.stream().filter(e -> fresh.contains(e.id())).toList();
            List<LedgerEvent> holds = applied.stream().filter(e -> e.type() == SaleEventType.HELD).toList();
            return insertHolds(holds)
                    .thenMany(Flux.fromIterable(applied).filter(e -> e.isHoldTransition() && e.type() != SaleEventType.HELD)
                            .concatMap(e -> moveReservation(e, clashes)))
                    .then(Mono.just((long) applied.size()));
        });
    }

    private Mono<java.util.Set<String>> insertLedgerRows(List<LedgerEvent> events) {
        return db.sql("""
                insert into ledger_event (event_id, sale_id, reservation_id, type, quantity, shopper, occurred_at)
                select id, sale, hold, type, qty, shopper, to_timestamp(at_ms / 1000.0)
                from unnest(:ids::varchar[], :sales::bigint[], :holds::varchar[], :types::varchar[], :qtys::int[],
                            :shoppers::varchar[], :ats::bigint[]) as e(id, sale, hold, type, qty, shopper, at_ms)
                on conflict (event_id) do nothing
                returning event_id""")
                .bind("ids", events.stream().map(LedgerEvent::id).toArray(String[]::new))
                .bind("sales", events.stream().map(LedgerEvent::saleId).toArray(Long[]::new))
                .bind("holds", events.stream().map(LedgerEvent::holdId).toArray(String[]::new))
                .bind("types", events.stream().map(e -> e.type().name()).toArray(String[]::new))
                .bind("qtys", events.stream().map(LedgerEvent::quantity).toArray(Integer[]::new))
                .bind("shoppers", events.stream().map(LedgerEvent::shopper).toArray(String[]::new))
                .bind("ats", events.stream().map(e -> e.at().toEpochMilli()).toArray(Long[]::new))
                .map(row -> row.get("event_id", String.class))
                .all()
                .collect(java.util.stream.Collectors.toSet());
    }

    /** New holds; a hold whose row a payment webhook already wrote is left as it is. */
    private Mono<Void> insertHolds(List<LedgerEvent> holds) {
        if (holds.isEmpty()) {
            return Mono.empty();
        }
        return db.sql("""
                insert into reservation (id, sale_id, shopper, quantity, status, created_at, expires_at, version)
                select id, sale, shopper, qty, 'HELD', to_timestamp(at_ms / 1000.0), to_timestamp(deadline_ms / 1000.0), 0
                from unnest(:ids::varchar[], :sales::bigint[], :shoppers::varchar[], :qtys::int[], :ats::bigint[],
                            :deadlines::bigint[]) as h(id, sale, shopper, qty, at_ms, deadline_ms)
                on conflict (id) do nothing""")
                .bind("ids", holds.stream().map(LedgerEvent::holdId).toArray(String[]::new))
                .bind("sales", holds.stream().map(LedgerEvent::saleId).toArray(Long[]::new))
                .bind("shoppers", holds.stream().map(LedgerEvent::shopper).toArray(String[]::new))
                .bind("qtys", holds.stream().map(LedgerEvent::quantity).toArray(Integer[]::new))
                .bind("ats", holds.stream().map(e -> e.at().toEpochMilli()).toArray(Long[]::new))
                .bind("deadlines", holds.stream().map(e -> (e.deadline() != null ? e.deadline() : e.at()).toEpochMilli())
                        .toArray(Long[]::new))
                .then();
    }

    private Mono<Void> moveReservation(LedgerEvent event, List<PaidHoldRepair.Paid> clashes) {
        return entities.selectOne(Query.query(Criteria.where("id").is(event.holdId())), ReservationRecord.class)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(found -> found.isEmpty() ? entities.insert(firstRecord(event)).then() : moveForward(found.get(), event, clashes));
    }

    /** States only move forward: HELD to one terminal state; a repeat changes nothing. */
    private Mono<Void> moveForward(ReservationRecord current, LedgerEvent event, List<PaidHoldRepair.Paid> clashes) {
        if (current.status().equals(event.type().name())) {
            return Mono.empty();
        }
        if (SaleEventType.CONFIRMED.name().equals(current.status())
                && (event.type() == SaleEventType.EXPIRED || event.type() == SaleEventType.RELEASED)) {
            // the payment was acknowledged: Redis lost the confirm's write; the ledger wins, Redis is repaired
            log.error("Reservation {} is CONFIRMED in the ledger but Redis reports {}: repairing Redis", current.id(),
                    event.type());
            clashes.add(new PaidHoldRepair.Paid(current.saleId(), current.id(), current.shopper(), current.paymentRef()));
            return Mono.empty();
        }
        if (!current.isHeld()) {
            log.error("Reservation {} is {} in the ledger but Redis reports {}", current.id(), current.status(), event.type());
            return Mono.empty();
        }
        return entities.update(current.closedBy(event)).then();
    }

    /** The reservation row as the first event seen for it describes it. */
    private static ReservationRecord firstRecord(LedgerEvent event) {
        boolean held = event.type() == SaleEventType.HELD;
        return new ReservationRecord(event.holdId(), event.saleId(), event.shopper(), event.quantity(), event.type().name(),
                event.heldSince() != null ? event.heldSince() : event.at(),
                event.deadline() != null ? event.deadline() : event.at(), held ? null : event.at(),
                event.reason(), event.payment(), null);
    }
}
