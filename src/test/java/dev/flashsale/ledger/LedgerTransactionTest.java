package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.reactive.TransactionalOperator;

import dev.flashsale.reservation.SaleEventType;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Sinks;

/** How ledger transactions behave: isolation, optimistic locking with retry, all-or-nothing batches. */
class LedgerTransactionTest extends LedgerTestSupport {

    @Autowired
    LedgerWriter writer;
    @Autowired
    TransactionalOperator ledgerTransaction;
    @Autowired
    R2dbcEntityTemplate entities;
    @Autowired
    MeterRegistry registry;
    @Autowired
    ReactiveTransactionManager transactions;

    /**
     * The isolation the ledger relies on, shown by the one behaviour that differs between levels:
     * a compare-and-set on the version that had to wait for another writer's commit simply matches
     * no row under READ COMMITTED (which the writer turns into a retry); under REPEATABLE READ or
     * SERIALIZABLE Postgres would abort it with a serialization failure the writer does not retry.
     */
    @Test
    void aVersionCheckThatWaitedForAnotherCommitMatchesNoRowInsteadOfFailing() throws Exception {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        drained(saleId, Duration.ofSeconds(10));
        OtherWriter other = OtherWriter.start(db, transactions, id, Instant.now().plus(Duration.ofHours(1)));

        CompletableFuture<Long> compareAndSet = db.sql("update reservation set status = 'CONFIRMED', version = version + 1"
                        + " where id = :id and version = 0").bind("id", id).fetch().rowsUpdated()
                .as(ledgerTransaction::transactional).toFuture();
        awaitAnUpdateWaitingForTheRowLock();
        other.commit();

        assertThat(compareAndSet.get(10, TimeUnit.SECONDS)).as("rows matched after the other commit").isZero();
        assertThat(reservationRow(id)).containsEntry("status", "HELD").containsEntry("version", 1L);
    }

    /**
     * A concurrent writer commits a change to the same reservation between the ledger's read and its
     * write (ordered by a held row lock, not by timing). The version check turns what would be a lost
     * update into a conflict, and the retry applies the event on top of the other writer's change.
     */
    @Test
    void aConcurrentWriterCausesAVersionConflictThatIsRetriedWithoutLosingEitherChange() throws Exception {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        drained(saleId, Duration.ofSeconds(10));
        double conflictsBefore = registry.counter("flashsale.ledger.conflicts").count();
        Instant othersDeadline = Instant.now().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.MILLIS);
        OtherWriter other = OtherWriter.start(db, transactions, id, othersDeadline);

        LedgerEvent confirmed = new LedgerEvent(saleId + ":test-confirm-" + id, saleId, SaleEventType.CONFIRMED, id, "x", 1,
                Instant.now(), null, null, "PAY-1", null);
        CompletableFuture<Long> ledger = writer.apply(List.of(confirmed)).toFuture();
        awaitAnUpdateWaitingForTheRowLock(); // the ledger has read version 0 and now waits to write
        other.commit();

        assertThat(ledger.get(10, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(registry.counter("flashsale.ledger.conflicts").count()).isGreaterThan(conflictsBefore);
        ReservationRecord row = entities.selectOne(Query.query(Criteria.where("id").is(id)), ReservationRecord.class).block();
        assertThat(row.status()).as("the ledger's change").isEqualTo("CONFIRMED");
        assertThat(row.paymentRef()).as("the ledger's change").isEqualTo("PAY-1");
        assertThat(row.expiresAt()).as("the other writer's change").isEqualTo(othersDeadline);
        assertThat(row.version()).isEqualTo(2);
    }

    /** Another transaction that has changed a reservation row and keeps it locked until {@link #commit()}. */
    private record OtherWriter(Sinks.Empty<Void> release, CompletableFuture<Void> done) {

        static OtherWriter start(DatabaseClient db, ReactiveTransactionManager transactions, String id,
                Instant newDeadline) throws Exception {
            Sinks.Empty<Void> release = Sinks.empty();
            CountDownLatch updated = new CountDownLatch(1);
            CompletableFuture<Void> done = db.sql("update reservation set version = version + 1, expires_at = :e where id = :id")
                    .bind("e", newDeadline).bind("id", id).then()
                    .doOnSuccess(v -> updated.countDown())
                    .then(release.asMono())
                    .as(TransactionalOperator.create(transactions)::transactional)
                    .toFuture();
            assertThat(updated.await(10, TimeUnit.SECONDS)).as("the other writer updated the row").isTrue();
            return new OtherWriter(release, done);
        }

        void commit() throws Exception {
            release.tryEmitEmpty();
            done.get(10, TimeUnit.SECONDS);
        }
    }

    private void awaitAnUpdateWaitingForTheRowLock() {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> db.sql(
                "select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike 'update%reservation%'")
                .map(r -> r.get("n", Long.class)).one().block() > 0);
    }

    @Test
    void aStaleVersionIsRefused() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        drained(saleId, Duration.ofSeconds(10));
        ReservationRecord row = entities.selectOne(Query.query(Criteria.where("id").is(id)), ReservationRecord.class).block();
        db.sql("update reservation set version = version + 1 where id = :id").bind("id", id).then().block();
        assertThatThrownBy(() -> entities.update(row).block()).isInstanceOf(OptimisticLockingFailureException.class);
    }

    @Test
    void aFailedBatchIsRolledBackWhole() {
        long saleId = openSale(10, 1);
        Instant now = Instant.now();
        LedgerEvent good = new LedgerEvent(saleId + ":rollback-good", saleId, SaleEventType.HELD, saleId + "-" + "a".repeat(32), "s", 1,
                now, now.plusSeconds(600), null, null, null);
        LedgerEvent bad = new LedgerEvent("987654321:rollback-bad", 987_654_321L, SaleEventType.HELD, "987654321-" + "b".repeat(32), "s",
                1, now, now.plusSeconds(600), null, null, null); // no such sale: foreign key violation

        assertThatThrownBy(() -> writer.apply(List.of(good, bad)).block()).isInstanceOf(RuntimeException.class);

        assertThat(db.sql("select count(*) as n from ledger_event where event_id like '%rollback-good'")
                .map(r -> r.get("n", Long.class)).one().block()).isZero();
        assertThat(reservationRow(good.holdId())).isNull();
    }
}
