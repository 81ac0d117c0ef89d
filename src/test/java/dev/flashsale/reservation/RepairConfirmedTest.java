package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;

/**
 * {@code repair_confirmed.lua}: the ledger has a hold CONFIRMED that Redis lost the confirm of.
 * Whatever Redis came back with, the hold ends CONFIRMED with its units sold, exactly once, and
 * conservation holds; units granted again meanwhile are never taken from their new holder.
 */
class RepairConfirmedTest extends EngineTest {

    private static final long HOLD_MS = 600_000;

    @Test
    void aHeldHoldIsConfirmedOnceAndARepeatChangesNothing() {
        Sale sale = redis.openSale(2, 5);
        String a = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();

        assertThat(repair(sale, a)).isEqualTo(new StockEngine.RepairReply(ScriptCode.OK, "HELD", 0));
        assertThat(repair(sale, a).code()).isEqualTo(ScriptCode.ALREADY_DONE);

        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(1, 0, 1, 2));
        assertThat(redis.engine.hold(sale.id(), a).block().status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(redis.engine.heldIds(sale.id()).block()).isEmpty();
        assertThat(redis.eventCounts(sale, "CONFIRMED")).containsEntry(a, 1L);
        redis.assertConserved(sale);
    }

    @Test
    void anExpiredHoldTakesItsUnitBackFromAvailable() {
        Sale sale = redis.openSale(2, 5);
        String a = redis.reserveAt(sale, "a", 1, 1_000, Instant.now().minusSeconds(10)).holdId();
        assertThat(redis.engine.expire(sale.id(), 100, "").block().expired()).isEqualTo(1);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(2, 0, 0, 2));

        assertThat(repair(sale, a)).isEqualTo(new StockEngine.RepairReply(ScriptCode.OK, "EXPIRED", 0));

        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(1, 0, 1, 2));
        assertThat(redis.sync.hget(new SaleKeys(sale.id()).users(), "a")).as("the shopper's units count it again")
                .isEqualTo("1");
        redis.assertConserved(sale);
    }

    @Test
    void aUnitGrantedAgainIsNotTakenFromItsHolderTheRepairWaitsForAUnitToComeBack() {
        Sale sale = redis.openSale(1, 5);
        String a = redis.reserveAt(sale, "a", 1, 1_000, Instant.now().minusSeconds(10)).holdId();
        redis.engine.expire(sale.id(), 100, "").block();
        String b = redis.reserve(sale, "b", 1, "", HOLD_MS).holdId();

        assertThat(repair(sale, a)).isEqualTo(new StockEngine.RepairReply(ScriptCode.OVERSOLD, null, 0));
        assertThat(redis.stock(sale)).as("nothing changed").isEqualTo(new StockLevel(0, 1, 0, 1));
        assertThat(redis.engine.hold(sale.id(), a).block().status()).isEqualTo(ReservationStatus.EXPIRED);

        redis.engine.release(sale.id(), b, "b", "b", "CANCELLED", "").block();
        assertThat(repair(sale, a).code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(0, 0, 1, 1));
        redis.assertConserved(sale);
    }

    @Test
    void anUnknownHoldIsLeftAlone() {
        Sale sale = redis.openSale(1, 5);
        assertThat(repair(sale, sale.id() + "-nope").code()).isEqualTo(ScriptCode.NO_SUCH_HOLD);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(1, 0, 0, 1));
    }

    @Test
    void durabilityWaitRunsOnTheSaleMasterWhenThereIsSomethingToWaitFor() {
        // the embedded test Redis is 6.2 (no WAITAOF) and has no replica: nothing to wait for
        String version = redis.sync.info("server").lines().filter(l -> l.startsWith("redis_version:")).findFirst()
                .orElseThrow();
        Sale sale = redis.openSale(1, 1);
        long[] acks = redis.engine.awaitDurable(sale.id()).block();
        if (dev.flashsale.support.TestServers.clustered()) {
            // every master of the test cluster has a replica: WAIT 1 on the sale's master, which answers 1
            assertThat(acks).containsExactly(0, 1, 0, 1);
        } else if (version.compareTo("redis_version:7.2") < 0) {
            assertThat(acks).isNull();
        } else {
            assertThat(acks).isNotNull();
        }
    }

    private StockEngine.RepairReply repair(Sale sale, String holdId) {
        String shopper = holdId.contains("nope") ? "x" : redis.sync.hget(new SaleKeys(sale.id()).hold(holdId), "user");
        return redis.engine.repairConfirmed(sale.id(), holdId, shopper, "COUPANG:ref", "").block();
    }
}
