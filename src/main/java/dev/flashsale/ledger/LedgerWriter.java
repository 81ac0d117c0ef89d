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

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Applies events to Postgres exactly once. A batch is one READ COMMITTED transaction: per event,
 * the ledger row is inserted first (a duplicate id means already applied: skipped), then the
 * reservation row moves forward with an optimistic-lock check. A version conflict (a payment
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

    LedgerWriter(DatabaseClient db, R2dbcEntityTemplate entities, TransactionalOperator ledgerTransaction,
            LedgerMetrics metrics) {
        this.db = db;
        this.entities = entities;
        this.transaction = ledgerTransaction;
        this.metrics = metrics;
    }

    /** Applies the events in order; returns how many were new. */
    Mono<Long> apply(List<LedgerEvent> events) {
        return Flux.fromIterable(events)
                .concatMap(this::applyOne)
                .filter(Boolean::booleanValue)
                .count()
                .as(transaction::transactional)
                .retryWhen(Retry.backoff(8, Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(500))
                        .filter(e -> e instanceof OptimisticLockingFailureException || e instanceof DuplicateKeyException)
                        .doBeforeRetry(s -> metrics.conflictRetried()))
                .doOnNext(applied -> metrics.applied(events, applied));
    }

    private Mono<Boolean> applyOne(LedgerEvent event) {
        return db.sql("""
                insert into ledger_event (event_id, sale_id, reservation_id, type, quantity, shopper, occurred_at)
                values (:id, :sale, :hold, :type, :qty, :shopper, :at)
                on conflict (event_id) do nothing""")
                .bind("id", event.id()).bind("sale", event.saleId())
                .bind("hold", nullable(event.holdId())).bind("type", event.type()).bind("qty", event.quantity())
                .bind("shopper", nullable(event.shopper())).bind("at", event.at())
                .fetch().rowsUpdated()
                .flatMap(inserted -> inserted == 0 ? Mono.just(false)
                        : event.isHoldTransition() ? moveReservation(event).thenReturn(true) : Mono.just(true));
    }

    private Mono<Void> moveReservation(LedgerEvent event) {
        return entities.selectOne(Query.query(Criteria.where("id").is(event.holdId())), ReservationRecord.class)
                .map(java.util.Optional::of)
                .defaultIfEmpty(java.util.Optional.empty())
                .flatMap(found -> found.isEmpty() ? entities.insert(firstRecord(event)).then() : moveForward(found.get(), event));
    }

    /** States only move forward: HELD to one terminal state; a HELD arriving late or a repeat changes nothing. */
    private Mono<Void> moveForward(ReservationRecord current, LedgerEvent event) {
        if ("HELD".equals(event.type()) || current.status().equals(event.type())) {
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
        boolean held = "HELD".equals(event.type());
        return new ReservationRecord(event.holdId(), event.saleId(), event.shopper(), event.quantity(), event.type(),
                event.heldSince() != null ? event.heldSince() : event.at(),
                event.deadline() != null ? event.deadline() : event.at(), held ? null : event.at(),
                event.reason(), event.payment(), null);
    }

    private static org.springframework.r2dbc.core.Parameter nullable(String value) {
        return org.springframework.r2dbc.core.Parameter.fromOrEmpty(value, String.class);
    }
}
