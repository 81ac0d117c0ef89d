package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.transaction.reactive.TransactionalOperator;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

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

    @Test
    void ledgerWritesRunReadCommitted() {
        String level = db.sql("show transaction_isolation").map(row -> row.get(0, String.class)).one()
                .as(ledgerTransaction::transactional).block();
        assertThat(level).isEqualTo("read committed");
    }

    /**
     * Why READ COMMITTED suffices: a concurrent writer commits a change to the same reservation
     * between the ledger's read and its write. The version check turns what would be a lost update
     * into a conflict, and the retry applies the event on top of the other writer's change.
     */
    @Test
    void aConcurrentWriterCausesAVersionConflictThatIsRetriedWithoutLosingEitherChange() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        drained(saleId, Duration.ofSeconds(10));
        double conflictsBefore = registry.counter("flashsale.ledger.conflicts").count();

        Mono<Void> otherWriter = db.sql("update reservation set version = version + 1, close_reason = 'OTHER' where id = :id")
                .bind("id", id).then().then(Mono.delay(Duration.ofMillis(600))).then()
                .as(ledgerTransaction::transactional);
        LedgerEvent confirmed = new LedgerEvent(saleId + ":test-confirm-" + id, saleId, "CONFIRMED", id, "x", 1,
                Instant.now(), null, null, "PAY-1", null);
        Mono<Long> ledger = Mono.delay(Duration.ofMillis(200)).then(writer.apply(List.of(confirmed)));
        long applied = Mono.zip(otherWriter.thenReturn(0L), ledger).map(t -> t.getT2()).block();

        assertThat(applied).isEqualTo(1);
        assertThat(registry.counter("flashsale.ledger.conflicts").count()).isGreaterThan(conflictsBefore);
        ReservationRecord row = entities.selectOne(Query.query(Criteria.where("id").is(id)), ReservationRecord.class).block();
        assertThat(row.status()).isEqualTo("CONFIRMED");
        assertThat(row.paymentRef()).isEqualTo("PAY-1");
        assertThat(row.version()).isEqualTo(2);
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
        LedgerEvent good = new LedgerEvent(saleId + ":rollback-good", saleId, "HELD", saleId + "-" + "a".repeat(32), "s", 1,
                now, now.plusSeconds(600), null, null, null);
        LedgerEvent bad = new LedgerEvent("987654321:rollback-bad", 987_654_321L, "HELD", "987654321-" + "b".repeat(32), "s",
                1, now, now.plusSeconds(600), null, null, null); // no such sale: foreign key violation

        assertThatThrownBy(() -> writer.apply(List.of(good, bad)).block()).isInstanceOf(RuntimeException.class);

        assertThat(db.sql("select count(*) as n from ledger_event where event_id like '%rollback-good'")
                .map(r -> r.get("n", Long.class)).one().block()).isZero();
        assertThat(reservationRow(good.holdId())).isNull();
    }
}
