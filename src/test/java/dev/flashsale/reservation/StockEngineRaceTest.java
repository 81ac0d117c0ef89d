package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Transitions racing on the same holds end with exactly one winner per hold (invariant 2). */
class StockEngineRaceTest extends EngineTest {

    private static final int HOLDS = 300;
    @Test
    void releaseRacingExpiryEndsEachHoldExactlyOnce() {
        Sale sale = redis.openSale(HOLDS, 1);
        List<String> ids = dueHolds(sale);
        Flux.fromIterable(ids)
                .flatMap(id -> Mono.when(
                        redis.engine.release(sale.id(), id, owner(id, ids), owner(id, ids), "CANCELLED", ""),
                        redis.engine.expire(sale.id(), 1, "", id),
                        redis.engine.expire(sale.id(), 50, "")), 64)
                .blockLast();

        assertExactlyOneEnding(sale, ids, "RELEASED", "EXPIRED");
        assertThat(redis.stock(sale)).isEqualTo(new StockLevel(HOLDS, 0, 0, HOLDS));
    }

    @Test
    void confirmRacingExpiryEndsEachHoldExactlyOnceAndSoldMatchesConfirmations() {
        Sale sale = redis.openSale(HOLDS, 1);
        List<String> ids = dueHolds(sale);
        Flux.fromIterable(ids)
                .flatMap(id -> Mono.when(
                        redis.engine.confirm(sale.id(), id, owner(id, ids), "pay-" + id, ""),
                        redis.engine.expire(sale.id(), 50, ""),
                        redis.engine.confirm(sale.id(), id, owner(id, ids), "pay-" + id, "")), 64)
                .blockLast();

        Map<String, Long> confirmed = assertExactlyOneEnding(sale, ids, "CONFIRMED", "EXPIRED");
        StockLevel stock = redis.stock(sale);
        assertThat(stock.sold()).isEqualTo(confirmed.size());
        assertThat(stock.available()).isEqualTo(HOLDS - confirmed.size());
        assertThat(stock.held()).isZero();
    }

    /** Holds whose deadline has already passed, so expiry competes for every one of them. */
    private static List<String> dueHolds(Sale sale) {
        Instant past = Instant.now().minusSeconds(30);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < HOLDS; i++) {
            ids.add(redis.reserveAt(sale, "shopper-" + i, 1, 1_000, past).holdId());
        }
        return ids;
    }

    private static String owner(String id, List<String> ids) {
        return "shopper-" + ids.indexOf(id);
    }

    private static Map<String, Long> assertExactlyOneEnding(Sale sale, List<String> ids, String winner, String loser) {
        Map<String, Long> won = redis.eventCounts(sale, winner);
        Map<String, Long> lost = redis.eventCounts(sale, loser);
        for (String id : ids) {
            long endings = won.getOrDefault(id, 0L) + lost.getOrDefault(id, 0L);
            assertThat(endings).as("terminal events of hold %s", id).isEqualTo(1);
            String state = redis.engine.hold(sale.id(), id).block().status().name();
            assertThat(state).isEqualTo(won.containsKey(id) ? winner : loser);
        }
        redis.assertConserved(sale);
        return won;
    }
}
