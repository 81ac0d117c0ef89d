package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;

/** Every script outcome, against real Redis, with the invariants checked after each. */
class StockEngineTest extends EngineTest {

    private static final long HOLD_MS = 600_000;
    @Test
    void initIsIdempotentAndNeverResetsCounters() {
        Sale sale = redis.openSale(10, 5);
        redis.reserve(sale, "a", 3, "", HOLD_MS);
        assertThat(redis.engine.initSale(sale).block()).isEqualTo(ScriptCode.EXISTED);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(7, 3, 0, 10));
    }

    @Test
    void aShopperMakesAtMostMaxHoldsPerSaleHoweverManyTheyCancel() {
        var commands = redis.redis.reactive();
        StockEngine capped = new StockEngine(() -> commands, 3);
        Sale sale = redis.openSale(10, 1);
        for (int i = 0; i < 3; i++) {
            StockEngine.ReserveReply held = capped.reserve(sale.id(), HoldId.next(sale.id()), "looper", 1, "k" + i, HOLD_MS, "").block();
            assertThat(held.code()).isEqualTo(ScriptCode.OK);
            capped.release(sale.id(), held.holdId(), "looper", "looper", "CANCELLED", "").block();
        }
        StockEngine.ReserveReply fourth = capped.reserve(sale.id(), HoldId.next(sale.id()), "looper", 1, "k3", HOLD_MS, "").block();
        assertThat(fourth.code()).isEqualTo(ScriptCode.HOLDS_EXCEEDED);
        assertThat(fourth.detail()).isEqualTo(3);
        assertThat(ScriptCode.HOLDS_EXCEEDED.problem().slug()).isEqualTo("limit-exceeded");
        assertThat(redis.sync.hlen(new SaleKeys(sale.id()).idempotency())).as("idempotency entries bounded").isEqualTo(3);
        assertThat(capped.reserve(sale.id(), HoldId.next(sale.id()), "other", 1, "", HOLD_MS, "").block().code())
                .isEqualTo(ScriptCode.OK);
        redis.assertConserved(sale);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(9, 1, 0, 10));
    }

    @Test
    void purgeDeletesOnlyClosedHoldsInTheStateTheLedgerCommitted() {
        Sale sale = redis.openSale(10, 5);
        String released = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();
        String live = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();
        String paid = redis.reserve(sale, "b", 1, "", HOLD_MS).holdId();
        redis.engine.release(sale.id(), released, "a", "a", "CANCELLED", "").block();
        redis.engine.confirm(sale.id(), paid, "b", "pay", "").block();

        List<StockEngine.ClosedHold> committed = List.of(
                new StockEngine.ClosedHold(released, "a", ReservationStatus.RELEASED),
                new StockEngine.ClosedHold(live, "a", ReservationStatus.RELEASED), // Redis has it HELD: stays
                new StockEngine.ClosedHold(paid, "b", ReservationStatus.EXPIRED)); // a clash: stays for repair
        assertThat(redis.engine.purge(sale.id(), committed).block()).isEqualTo(1);
        assertThat(redis.engine.purge(sale.id(), committed).block()).as("idempotent").isZero();
        assertThat(redis.engine.hold(sale.id(), released).blockOptional()).isEmpty();
        assertThat(redis.engine.hold(sale.id(), live).block().status()).isEqualTo(ReservationStatus.HELD);
        assertThat(redis.engine.hold(sale.id(), paid).block().status()).isEqualTo(ReservationStatus.CONFIRMED);
        assertThat(redis.sync.smembers(new SaleKeys(sale.id()).shopperHolds("a"))).containsExactly(live);
        redis.assertConserved(sale);
    }

    @Test
    void reserveHoldsUnitsRecordsTheHoldAndAppendsAnEvent() {
        Sale sale = redis.openSale(10, 5);
        StockEngine.ReserveReply reply = redis.reserve(sale, "alice", 2, "", HOLD_MS);

        assertThat(reply.code()).isEqualTo(ScriptCode.OK);
        assertThat(reply.expiresAt()).isEqualTo(reply.createdAt().plusMillis(HOLD_MS));
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(8, 2, 0, 10));
        Hold hold = redis.engine.hold(sale.id(), reply.holdId()).block();
        assertThat(hold.shopper()).isEqualTo("alice");
        assertThat(hold.status()).isEqualTo(ReservationStatus.HELD);
        SaleKeys keys = new SaleKeys(sale.id());
        assertThat(redis.sync.pttl(keys.shadow(reply.holdId()))).isBetween(HOLD_MS - 5_000, HOLD_MS);
        assertThat(redis.sync.zscore(keys.deadlines(), reply.holdId())).isEqualTo((double) reply.expiresAt().toEpochMilli());
        assertThat(redis.sync.ttl(keys.hold(reply.holdId()))).as("only shadow keys carry a TTL").isEqualTo(-1);
        assertThat(redis.sync.ttl(keys.users())).isEqualTo(-1);
        assertThat(redis.eventCounts(sale, "HELD")).containsExactly(Map.entry(reply.holdId(), 1L));
    }

    @Test
    void soldOutWhenFewerUnitsThanAskedAndNothingChanges() {
        Sale sale = redis.openSale(3, 5);
        redis.reserve(sale, "a", 2, "", HOLD_MS);
        StockEngine.ReserveReply reply = redis.reserve(sale, "b", 2, "", HOLD_MS);
        assertThat(reply.code()).isEqualTo(ScriptCode.SOLD_OUT);
        assertThat(reply.detail()).isEqualTo(1);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(1, 2, 0, 3));
        assertThat(redis.events(sale)).hasSize(1);
    }

    @Test
    void perShopperLimitCountsHeldAndConfirmedUnits() {
        Sale sale = redis.openSale(10, 2);
        String first = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();
        redis.engine.confirm(sale.id(), first, "a", "pay-1", "").block();
        assertThat(redis.reserve(sale, "a", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.OK);
        StockEngine.ReserveReply over = redis.reserve(sale, "a", 1, "", HOLD_MS);
        assertThat(over.code()).isEqualTo(ScriptCode.LIMIT_EXCEEDED);
        assertThat(over.detail()).isEqualTo(2);
        assertThat(redis.reserve(sale, "b", 3, "", HOLD_MS).code()).as("more than the limit at once")
                .isEqualTo(ScriptCode.LIMIT_EXCEEDED);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(8, 1, 1, 10));
    }

    @Test
    void releasedUnitsFreeTheShoppersQuotaAgain() {
        Sale sale = redis.openSale(10, 1);
        String id = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();
        assertThat(redis.engine.release(sale.id(), id, "a", "a", "CANCELLED", "").block().code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.reserve(sale, "a", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.OK);
        redis.assertConserved(sale);
    }

    @Test
    void saleNotOpenBeforeStartAndFromEnd() {
        Instant start = Instant.now().plusSeconds(3600);
        Sale sale = EngineFixture.sale(10, 1, start, start.plusSeconds(3600));
        redis.engine.initSale(sale).block();
        assertThat(redis.reserve(sale, "a", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.SALE_NOT_ACTIVE);
        assertThat(redis.reserveAt(sale, "a", 1, HOLD_MS, start.plusSeconds(3600)).code()).isEqualTo(ScriptCode.SALE_NOT_ACTIVE);
        assertThat(redis.reserveAt(sale, "a", 1, HOLD_MS, start).code()).isEqualTo(ScriptCode.OK);
    }

    @Test
    void uninitialisedSaleIsReportedNotCreated() {
        Sale sale = EngineFixture.sale(10, 1, Instant.now().minusSeconds(5), Instant.now().plusSeconds(60));
        assertThat(redis.reserve(sale, "a", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.NOT_INITIALISED);
        assertThat(redis.sync.exists(new SaleKeys(sale.id()).stock())).isZero();
    }

    @Test
    void replayWithSameIdempotencyKeyNamesTheFirstHoldAndTakesNothing() {
        Sale sale = redis.openSale(10, 5);
        StockEngine.ReserveReply first = redis.reserve(sale, "a", 1, "key-1", HOLD_MS);
        StockEngine.ReserveReply replay = redis.reserve(sale, "a", 1, "key-1", HOLD_MS);
        assertThat(replay.code()).isEqualTo(ScriptCode.EXISTED);
        assertThat(replay.holdId()).isEqualTo(first.holdId());
        assertThat(redis.reserve(sale, "b", 1, "key-1", HOLD_MS).code()).as("keys are per shopper").isEqualTo(ScriptCode.OK);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(8, 2, 0, 10));
    }

    @Test
    void releaseOnlyByOwnerAndOnlyOnce() {
        Sale sale = redis.openSale(10, 5);
        String id = redis.reserve(sale, "a", 2, "", HOLD_MS).holdId();
        assertThat(redis.engine.release(sale.id(), id, "mallory", "mallory", "CANCELLED", "").block().code())
                .isEqualTo(ScriptCode.NO_SUCH_HOLD);
        assertThat(redis.engine.release(sale.id(), id, "a", "a", "CANCELLED", "").block().code()).isEqualTo(ScriptCode.OK);
        StockEngine.CloseReply again = redis.engine.release(sale.id(), id, "a", "a", "CANCELLED", "").block();
        assertThat(again.code()).isEqualTo(ScriptCode.HOLD_CLOSED);
        assertThat(again.state()).isEqualTo("RELEASED");
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(10, 0, 0, 10));
        assertThat(redis.sync.exists(new SaleKeys(sale.id()).shadow(id))).isZero();
        assertThat(redis.sync.zscore(new SaleKeys(sale.id()).deadlines(), id)).isNull();
    }

    @Test
    void confirmIsIdempotentAndRefusedAfterExpiry() {
        Sale sale = redis.openSale(10, 5);
        String paid = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();
        StockEngine.ConfirmReply confirmed = redis.engine.confirm(sale.id(), paid, "a", "p1", "").block();
        assertThat(confirmed.code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.eventCounts(sale, "CONFIRMED")).containsExactly(Map.entry(paid, 1L));
        StockEngine.ConfirmReply retried = redis.engine.confirm(sale.id(), paid, "a", "p1", "").block();
        assertThat(retried.code()).isEqualTo(ScriptCode.ALREADY_DONE);
        assertThat(retried.eventId()).isEqualTo(confirmed.eventId()).isNotBlank();

        Instant past = Instant.now().minusSeconds(5);
        String late = redis.reserveAt(sale, "b", 1, 1_000, past).holdId();
        assertThat(redis.engine.expire(sale.id(), 100, "").block().expired()).isEqualTo(1);
        StockEngine.ConfirmReply reply = redis.engine.confirm(sale.id(), late, "b", "p2", "").block();
        assertThat(reply.code()).isEqualTo(ScriptCode.HOLD_CLOSED);
        assertThat(reply.state()).isEqualTo("EXPIRED");
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(9, 0, 1, 10));
        assertThat(redis.engine.confirm(sale.id(), "nope", "a", "p", "").block().code()).isEqualTo(ScriptCode.NO_SUCH_HOLD);
    }

    @Test
    void expireLeavesHoldsThatAreNotDueAndIsIdempotent() {
        Sale sale = redis.openSale(10, 5);
        String live = redis.reserve(sale, "a", 1, "", HOLD_MS).holdId();
        String due = redis.reserveAt(sale, "b", 2, 1_000, Instant.now().minusSeconds(10)).holdId();

        assertThat(redis.engine.expire(sale.id(), 100, "", live).block().expired()).as("early call").isZero();
        StockEngine.ExpiryReply first = redis.engine.expire(sale.id(), 100, "").block();
        assertThat(first.expired()).isEqualTo(1);
        assertThat(first.delayMaxMillis()).isGreaterThanOrEqualTo(9_000);
        assertThat(redis.engine.expire(sale.id(), 100, "", due).block().expired()).as("second call").isZero();
        assertThat(redis.engine.expire(sale.id(), 100, "").block().expired()).isZero();

        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(9, 1, 0, 10));
        assertThat(redis.engine.hold(sale.id(), due).block().status()).isEqualTo(ReservationStatus.EXPIRED);
        assertThat(redis.engine.hold(sale.id(), live).block().status()).isEqualTo(ReservationStatus.HELD);
        assertThat(redis.eventCounts(sale, "EXPIRED")).containsExactly(Map.entry(due, 1L));
        assertThat(redis.reserve(sale, "b", 5, "", HOLD_MS).code()).as("quota back after expiry").isEqualTo(ScriptCode.OK);
    }

    @Test
    void expireWorksInBatches() {
        Sale sale = redis.openSale(100, 100);
        Instant past = Instant.now().minusSeconds(10);
        for (int i = 0; i < 25; i++) {
            redis.reserveAt(sale, "s" + i, 1, 1_000, past);
        }
        assertThat(redis.engine.expire(sale.id(), 10, "").block().expired()).isEqualTo(10);
        assertThat(redis.engine.expire(sale.id(), 10, "").block().expired()).isEqualTo(10);
        assertThat(redis.engine.expire(sale.id(), 10, "").block().expired()).isEqualTo(5);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(100, 0, 0, 100));
    }

    @Test
    void expireReportsEachHoldsOwnDelayPastItsDeadline() {
        Sale sale = redis.openSale(10, 5);
        Instant start = Instant.now().minusSeconds(30);
        redis.reserveAt(sale, "early", 1, 1_000, start); // deadline start + 1 s
        redis.reserveAt(sale, "late", 1, 1_000, start.plusSeconds(3)); // deadline start + 4 s

        StockEngine.ExpiryReply reply = redis.engine.expire(sale.id(), 100,
                String.valueOf(start.plusSeconds(5).toEpochMilli())).block();

        assertThat(reply.expired()).isEqualTo(2);
        assertThat(reply.delaysMillis()).containsExactlyInAnyOrder(4_000L, 1_000L);
        assertThat(reply.nextDeadlineMillis()).isEqualTo(-1);
        redis.assertConserved(sale);
    }

    @Test
    void adjustAddsUnitsAndRemovesOnlyAvailableOnes() {
        Sale sale = redis.openSale(10, 10);
        redis.reserve(sale, "a", 6, "", HOLD_MS);
        StockEngine.AdjustReply added = redis.engine.adjust(sale.id(), 5, "admin").block();
        assertThat(added.stock()).isEqualTo(new StockLevel(9, 6, 0, 15));
        StockEngine.AdjustReply refused = redis.engine.adjust(sale.id(), -10, "admin").block();
        assertThat(refused.code()).isEqualTo(ScriptCode.NOT_ENOUGH_AVAILABLE);
        assertThat(refused.available()).isEqualTo(9);
        assertThat(redis.engine.adjust(sale.id(), -9, "admin").block().stock()).isEqualTo(new StockLevel(0, 6, 0, 6));
        redis.assertConserved(sale);
    }

    @Test
    void scriptCacheFlushedLikeAfterARestartIsRecovered() {
        Sale sale = redis.openSale(10, 5);
        redis.reserve(sale, "a", 1, "", HOLD_MS);
        redis.sync.scriptFlush();
        assertThat(redis.reserve(sale, "b", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(8, 2, 0, 10));
    }
}
