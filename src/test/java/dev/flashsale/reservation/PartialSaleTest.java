package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;

/**
 * Redis lost only a sale's stock hash while its holds survived (a key deleted by hand, a partial
 * restore). No script may act on such a sale, and the rebuild must count the surviving holds.
 */
class PartialSaleTest extends EngineTest {

    private static final long HOLD_MS = 600_000;

    @Test
    void releaseExpireAndConfirmRefuseASaleWithoutItsStockHashAndChangeNothing() {
        Sale sale = redis.openSale(10, 5);
        String a = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();
        String b = redis.reserveAt(sale, "b", 1, 1_000, Instant.now().minusSeconds(10)).holdId();
        loseStockHash(sale);

        assertThat(redis.engine.release(sale.id(), a, "a", "a", "CANCELLED", "").block().code())
                .isEqualTo(ScriptCode.SALE_PARTIAL);
        assertThat(redis.engine.expire(sale.id(), 100, "").block().code()).isEqualTo(ScriptCode.SALE_PARTIAL);
        assertThat(redis.engine.expire(sale.id(), 1, "", b).block().code()).isEqualTo(ScriptCode.SALE_PARTIAL);
        assertThat(redis.engine.confirm(sale.id(), a, "a", "pay", "").block().code()).isEqualTo(ScriptCode.SALE_PARTIAL);
        assertThat(redis.engine.initSale(sale).block()).as("fresh counters would not know the held units")
                .isEqualTo(ScriptCode.SALE_PARTIAL);

        assertThat(redis.sync.exists(new SaleKeys(sale.id()).stock())).as("no half stock hash recreated").isZero();
        assertThat(redis.engine.hold(sale.id(), a).block().status()).isEqualTo(ReservationStatus.HELD);
        assertThat(redis.engine.hold(sale.id(), b).block().status()).isEqualTo(ReservationStatus.HELD);
    }

    @Test
    void reserveOnAHalfStockHashIsACodeNotAScriptError() {
        Sale sale = redis.openSale(10, 5);
        redis.reserve(sale, "a", 1, "", HOLD_MS);
        // what a release used to leave behind after the stock hash was lost: two fields, no window
        redis.sync.del(new SaleKeys(sale.id()).stock());
        redis.sync.hset(new SaleKeys(sale.id()).stock(), java.util.Map.of("available", "1", "held", "-1"));

        assertThat(redis.reserve(sale, "b", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.SALE_PARTIAL);
        assertThat(redis.engine.adjust(sale.id(), 5, "admin").block().code()).isEqualTo(ScriptCode.SALE_PARTIAL);
        assertThat(redis.engine.stockComplete(sale.id()).block()).isFalse();
    }

    @Test
    void rebuildCountsHoldsTheLedgerHasNotSeenYetSoNothingIsOversold() {
        Sale sale = redis.openSale(3, 1);
        String a = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();
        redis.reserve(sale, "b", 1, "", HOLD_MS);
        redis.reserve(sale, "c", 1, "", HOLD_MS);
        loseStockHash(sale);

        // the ledger's consumer has applied nothing yet: the three holds live only in Redis
        Set<String> surviving = redis.engine.survivingHoldIds(sale.id()).block();
        assertThat(surviving).hasSize(3);
        StockEngine.RebuildReply reply = redis.engine.rebuild(sale, List.of(), surviving, System.currentTimeMillis()).block();
        assertThat(reply.code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(0, 3, 0, 3));
        assertThat(redis.reserve(sale, "d", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.SOLD_OUT);
        assertThat(redis.reserve(sale, "a", 1, "", HOLD_MS).code()).as("per-shopper units rebuilt")
                .isEqualTo(ScriptCode.LIMIT_EXCEEDED);

        assertThat(redis.engine.release(sale.id(), a, "a", "a", "CANCELLED", "").block().code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.reserve(sale, "d", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.reserve(sale, "e", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.SOLD_OUT);
        redis.assertConserved(sale);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(0, 3, 0, 3));
    }

    @Test
    void rebuildLetsTheLedgersCloseWinOverAHoldRedisStillHasAsHeld() {
        Sale sale = redis.openSale(4, 2);
        StockEngine.ReserveReply paid = redis.reserve(sale, "a", 1, "", HOLD_MS);
        StockEngine.ReserveReply released = redis.reserve(sale, "b", 1, "", HOLD_MS);
        StockEngine.ReserveReply live = redis.reserve(sale, "c", 1, "", HOLD_MS);
        loseStockHash(sale);

        // Redis lost its last writes: the payment and the release are only in the ledger
        List<Hold> ledger = List.of(
                row(sale, paid, "a", ReservationStatus.CONFIRMED),
                row(sale, released, "b", ReservationStatus.RELEASED),
                row(sale, live, "c", ReservationStatus.HELD));
        redis.engine.rebuild(sale, ledger, redis.engine.survivingHoldIds(sale.id()).block(), System.currentTimeMillis()).block();

        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(2, 1, 1, 4));
        assertThat(redis.engine.hold(sale.id(), paid.holdId()).block().status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(redis.engine.hold(sale.id(), released.holdId()).block().status()).isEqualTo(ReservationStatus.RELEASED);
        assertThat(redis.engine.expire(sale.id(), 100, String.valueOf(System.currentTimeMillis() + 2 * HOLD_MS)).block().expired())
                .as("only the live hold can still expire").isEqualTo(1);
        redis.assertConserved(sale);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(3, 0, 1, 4));
        assertThat(redis.engine.confirm(sale.id(), paid.holdId(), "a", "pay", "").block().code())
                .as("a retried payment is already confirmed").isEqualTo(ScriptCode.ALREADY_DONE);
    }

    @Test
    void rebuildLeavesAWholeStockHashAlone() {
        Sale sale = redis.openSale(4, 2);
        redis.reserve(sale, "a", 1, "", HOLD_MS);
        assertThat(redis.engine.rebuild(sale, List.of(), Set.of(), System.currentTimeMillis()).block().code())
                .isEqualTo(ScriptCode.EXISTED);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(3, 1, 0, 4));
    }

    private static Hold row(Sale sale, StockEngine.ReserveReply reply, String shopper, ReservationStatus status) {
        return new Hold(reply.holdId(), sale.id(), shopper, 1, status, reply.createdAt(), reply.expiresAt());
    }

    private void loseStockHash(Sale sale) {
        redis.sync.del(new SaleKeys(sale.id()).stock());
    }
}
