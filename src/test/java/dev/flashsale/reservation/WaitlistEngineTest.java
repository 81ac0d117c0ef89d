package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;

/**
 * The waitlist's fair hand-off, script by script against real Redis: who gets a returned unit, when it
 * moves on, and {@code available + offered + held + sold == total} with one offer per offered unit
 * after every step. Time is passed to the scripts, so windows pass without waiting.
 */
class WaitlistEngineTest extends EngineTest {

    private static final long HOLD_MS = 600_000;

    @Test
    void returnedUnitsAreOfferedOnePerShopperInJoinOrder() {
        Sale sale = redis.openSale(3, 1);
        List<String> holds = sellOut(sale, "a", "b", "c");
        for (String shopper : List.of("w1", "w2", "w3")) {
            assertThat(join(sale, shopper).code()).isEqualTo(ScriptCode.OK);
        }
        assertThat(entry(sale, "w3").position()).isEqualTo(3);

        release(sale, holds.get(1), "b");
        release(sale, holds.get(0), "a");

        assertThat(entry(sale, "w1").status()).isEqualTo("OFFERED");
        assertThat(entry(sale, "w2").status()).isEqualTo("OFFERED");
        assertThat(entry(sale, "w3").status()).isEqualTo("WAITING");
        assertThat(entry(sale, "w3").position()).as("first among those still waiting").isEqualTo(1);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(0, 1, 0, 3, 2));
        assertThat(eventUsers(sale, "OFFERED")).containsExactly("w1", "w2");
        assertThat(redis.engine.heldIds(sale.id()).block()).as("offer entries are not holds").containsExactly(holds.get(2));
        assertConserved(sale);
    }

    @Test
    void anOfferedUnitIsTheOfferedShoppersAloneUntilClaimed() {
        Sale sale = oneUnitReleasedTo("w1");

        StockEngine.ReserveReply other = redis.reserve(sale, "x", 1, "", HOLD_MS);
        assertThat(other.code()).isEqualTo(ScriptCode.SOLD_OUT);
        assertThat(other.detail()).isZero();
        assertThat(other.offered()).as("tells the sold-out memory that offers are open").isEqualTo(1);
        assertThat(join(sale, "w2").code()).as("units on offer do not end the sell-out").isEqualTo(ScriptCode.OK);

        StockEngine.ReserveReply claimed = redis.reserve(sale, "w1", 1, "", HOLD_MS);
        assertThat(claimed.code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(0, 1, 0, 1, 0));
        assertThat(entry(sale, "w1").code()).isEqualTo(ScriptCode.NOT_ON_WAITLIST);
        assertThat(lastEvent(sale, "OFFER_ENDED")).containsEntry("user", "w1").containsEntry("reason", "CLAIMED")
                .doesNotContainKey("hold");
        assertConserved(sale);
    }

    @Test
    void anOfferedShopperAskingForMoreTakesTheOfferAndTheRestFromAvailable() {
        Sale sale = redis.openSale(3, 3);
        redis.reserve(sale, "a", 3, "", HOLD_MS);
        join(sale, "w1");
        redis.engine.adjust(sale.id(), 2, "admin").block();
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(1, 3, 0, 5, 1));

        assertThat(redis.reserve(sale, "w1", 3, "", HOLD_MS).code()).as("1 offered + 1 available < 3").isEqualTo(ScriptCode.SOLD_OUT);
        assertThat(entry(sale, "w1").status()).as("a refused reserve keeps the offer").isEqualTo("OFFERED");
        assertThat(redis.reserve(sale, "w1", 2, "", HOLD_MS).code()).isEqualTo(ScriptCode.OK);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(0, 5, 0, 5, 0));
        assertConserved(sale);
    }

    @Test
    void anUnclaimedOfferMovesOnToTheNextInLineWhenItsWindowHasPassed() {
        Sale sale = oneUnitReleasedTo("w1", "w2");
        long deadline = entry(sale, "w1").deadlineMillis();

        assertThat(expireAt(sale, deadline - 1).offersEnded()).as("not yet due").isZero();
        assertThat(entry(sale, "w1").status()).isEqualTo("OFFERED");
        assertThat(expireAt(sale, deadline).offersEnded()).isEqualTo(1);

        assertThat(entry(sale, "w1").code()).isEqualTo(ScriptCode.NOT_ON_WAITLIST);
        assertThat(entry(sale, "w2").status()).isEqualTo("OFFERED");
        assertThat(entry(sale, "w2").deadlineMillis()).isEqualTo(deadline + WaitlistProperties.DEFAULT_CLAIM_WINDOW.toMillis());
        assertThat(lastEvent(sale, "OFFER_ENDED")).containsEntry("user", "w1").containsEntry("reason", "EXPIRED");
        assertThat(redis.reserveAt(sale, "w1", 1, HOLD_MS, Instant.ofEpochMilli(deadline + 1)).code())
                .as("the late shopper's offer is gone").isEqualTo(ScriptCode.SOLD_OUT);
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(0, 0, 0, 1, 1));
        assertConserved(sale);
    }

    @Test
    void withNobodyWaitingAnEndedOffersUnitGoesBackToAvailable() {
        Sale sale = oneUnitReleasedTo("w1");
        expireAt(sale, entry(sale, "w1").deadlineMillis());

        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(1, 0, 0, 1, 0));
        assertThat(join(sale, "w9").code()).isEqualTo(ScriptCode.NOT_SOLD_OUT);
        assertThat(redis.reserve(sale, "x", 1, "", HOLD_MS).code()).isEqualTo(ScriptCode.OK);
        assertConserved(sale);
    }

    @Test
    void leavingWhileOfferedPassesTheUnitOnAndLeavingWhileWaitingMovesTheLineUp() {
        Sale sale = oneUnitReleasedTo("w1", "w2", "w3");

        assertThat(leave(sale, "w2").status()).isEqualTo("WAITING");
        assertThat(entry(sale, "w3").position()).isEqualTo(1);
        assertThat(leave(sale, "w1").status()).isEqualTo("OFFERED");
        assertThat(lastEvent(sale, "OFFER_ENDED")).containsEntry("user", "w1").containsEntry("reason", "LEFT");
        assertThat(entry(sale, "w3").status()).isEqualTo("OFFERED");
        assertThat(leave(sale, "w3").status()).isEqualTo("OFFERED");
        assertThat(leave(sale, "w3").code()).isEqualTo(ScriptCode.NOT_ON_WAITLIST);
        assertThat(redis.stock(sale)).as("nobody left waiting").isEqualTo(new StockLevel(1, 0, 0, 1, 0));
        assertConserved(sale);
    }

    @Test
    void joiningTwiceIsTheSameEntry() {
        Sale sale = redis.openSale(1, 1);
        sellOut(sale, "a");
        assertThat(join(sale, "w1").code()).isEqualTo(ScriptCode.OK);
        assertThat(join(sale, "w2").position()).isEqualTo(2);
        WaitlistEngine.EntryReply again = join(sale, "w1");
        assertThat(again.code()).isEqualTo(ScriptCode.EXISTED);
        assertThat(again.position()).isEqualTo(1);
        assertThat(redis.sync.zcard(new SaleKeys(sale.id()).waitlist())).isEqualTo(2);
    }

    @Test
    void joiningIsRefusedWhileUnitsAreAvailableOrTheShopperHasTheirLimitOrTheSaleIsClosed() {
        Sale sale = redis.openSale(2, 1);
        WaitlistEngine.EntryReply early = join(sale, "w1");
        assertThat(early.code()).isEqualTo(ScriptCode.NOT_SOLD_OUT);
        assertThat(early.detail()).isEqualTo(2);
        assertThat(ScriptCode.NOT_SOLD_OUT.problem().slug()).isEqualTo("sale-not-sold-out");
        sellOut(sale, "a", "b");
        assertThat(join(sale, "a").code()).isEqualTo(ScriptCode.LIMIT_EXCEEDED);
        assertThat(redis.waitlists.join(sale.id(), "w1", String.valueOf(sale.endsAt().toEpochMilli())).block().code())
                .isEqualTo(ScriptCode.SALE_NOT_ACTIVE);
        assertThat(redis.sync.exists(new SaleKeys(sale.id()).waitlist())).isZero();
    }

    @Test
    void addedStockIsOfferedToTheWaitlistBeforeTheGeneralPool() {
        Sale sale = redis.openSale(1, 1);
        sellOut(sale, "a");
        join(sale, "w1");
        join(sale, "w2");
        StockEngine.AdjustReply added = redis.engine.adjust(sale.id(), 3, "admin").block();

        assertThat(added.stock()).isEqualTo(new StockLevel(1, 1, 0, 4, 2));
        assertThat(eventTypes(sale)).containsSubsequence("ADJUSTED", "OFFERED", "OFFERED");
        assertThat(redis.engine.adjust(sale.id(), -2, "admin").block().code())
                .as("offered units cannot be removed").isEqualTo(ScriptCode.NOT_ENOUGH_AVAILABLE);
        assertConserved(sale);
    }

    @Test
    void anOfferOpenAtTheSaleEndEndsWithItAndItsUnitIsNotHandedOn() {
        Instant now = Instant.now();
        Sale sale = EngineFixture.sale(1, 1, now.minusSeconds(60), now.plusSeconds(30));
        redis.engine.initSale(sale).block();
        String hold = sellOut(sale, "a").get(0);
        join(sale, "w1");
        join(sale, "w2");
        release(sale, hold, "a");
        assertThat(entry(sale, "w1").deadlineMillis()).as("capped at the end").isEqualTo(sale.endsAt().toEpochMilli());

        expireAt(sale, sale.endsAt().toEpochMilli());
        assertThat(lastEvent(sale, "OFFER_ENDED")).containsEntry("user", "w1").containsEntry("reason", "SALE_ENDED");
        assertThat(entry(sale, "w2").status()).isEqualTo("WAITING");
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(1, 0, 0, 1, 0));
        assertConserved(sale);
    }

    @Test
    void aRebuildEndsOpenOffersAndCountsTheirUnitsAsAvailable() {
        Sale sale = redis.openSale(2, 1);
        List<String> holds = sellOut(sale, "a", "b");
        join(sale, "w1");
        join(sale, "w2");
        release(sale, holds.get(0), "a");
        redis.sync.del(new SaleKeys(sale.id()).stock());

        var surviving = redis.engine.survivingHoldIds(sale.id()).block();
        assertThat(surviving).noneMatch(SaleKeys::isOffer);
        assertThat(redis.engine.rebuild(sale, List.of(), surviving, System.currentTimeMillis()).block().code())
                .isEqualTo(ScriptCode.OK);

        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(1, 1, 0, 2, 0));
        assertThat(entry(sale, "w1").code()).isEqualTo(ScriptCode.NOT_ON_WAITLIST);
        assertThat(lastEvent(sale, "OFFER_ENDED")).containsEntry("user", "w1").containsEntry("reason", "EXPIRED");
        assertThat(entry(sale, "w2").position()).as("waiting shoppers keep their place").isEqualTo(1);
        assertConserved(sale);
    }

    @Test
    void aPaidHoldRepairedAfterItsUnitWasOfferedWinsOverTheLatestOffer() {
        Sale sale = redis.openSale(2, 1);
        String paid = redis.reserveAt(sale, "a", 1, 1_000, Instant.now().minusSeconds(10)).holdId();
        sellOut(sale, "b");
        join(sale, "w1");
        join(sale, "w2");
        redis.engine.expire(sale.id(), 100, "").block(); // the confirm was lost: the hold expired, its unit offered
        assertThat(entry(sale, "w1").status()).isEqualTo("OFFERED");

        assertThat(redis.engine.repairConfirmed(sale.id(), paid, "a", "pay", "").block().code()).isEqualTo(ScriptCode.OK);

        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(0, 1, 1, 2, 0));
        assertThat(lastEvent(sale, "OFFER_ENDED")).containsEntry("user", "w1").containsEntry("reason", "EXPIRED");
        assertThat(entry(sale, "w1").position()).as("back at the front of the line").isEqualTo(1);
        assertThat(entry(sale, "w2").position()).isEqualTo(2);
        assertConserved(sale);
    }

    /** A one-unit sale held by "a" while these shoppers join in order; then "a" releases it. */
    private Sale oneUnitReleasedTo(String... waiting) {
        Sale sale = redis.openSale(1, 1);
        String hold = sellOut(sale, "a").get(0);
        for (String shopper : waiting) {
            join(sale, shopper);
        }
        release(sale, hold, "a");
        return sale;
    }

    private List<String> sellOut(Sale sale, String... shoppers) {
        List<String> holds = new ArrayList<>();
        for (String shopper : shoppers) {
            StockEngine.ReserveReply reply = redis.reserve(sale, shopper, 1, "", HOLD_MS);
            assertThat(reply.code()).isEqualTo(ScriptCode.OK);
            holds.add(reply.holdId());
        }
        return holds;
    }

    private static WaitlistEngine.EntryReply join(Sale sale, String shopper) {
        return redis.waitlists.join(sale.id(), shopper, "").block();
    }

    private static WaitlistEngine.EntryReply entry(Sale sale, String shopper) {
        return redis.waitlists.entry(sale.id(), shopper).block();
    }

    private static WaitlistEngine.EntryReply leave(Sale sale, String shopper) {
        return redis.waitlists.leave(sale.id(), shopper, "").block();
    }

    private static void release(Sale sale, String hold, String shopper) {
        assertThat(redis.engine.release(sale.id(), hold, shopper, shopper, "CANCELLED", "").block().code()).isEqualTo(ScriptCode.OK);
    }

    private static StockEngine.ExpiryReply expireAt(Sale sale, long nowMillis) {
        return redis.engine.expire(sale.id(), 100, String.valueOf(nowMillis)).block();
    }

    /** Conservation, and exactly one open offer (and one offer deadline entry) per offered unit. */
    private static void assertConserved(Sale sale) {
        redis.assertConserved(sale);
        SaleKeys keys = new SaleKeys(sale.id());
        long offered = redis.stock(sale).offered();
        assertThat(redis.sync.hlen(keys.offers())).isEqualTo(offered);
        assertThat(redis.sync.zrange(keys.deadlines(), 0, -1).stream().filter(SaleKeys::isOffer).count()).isEqualTo(offered);
    }

    private static List<String> eventTypes(Sale sale) {
        return redis.events(sale).stream().map(m -> m.getBody().get("type")).toList();
    }

    private static List<String> eventUsers(Sale sale, String type) {
        return redis.events(sale).stream().filter(m -> type.equals(m.getBody().get("type"))).map(m -> m.getBody().get("user")).toList();
    }

    private static java.util.Map<String, String> lastEvent(Sale sale, String type) {
        return redis.events(sale).stream().filter(m -> type.equals(m.getBody().get("type"))).reduce((a, b) -> b)
                .orElseThrow().getBody();
    }
}
