package dev.flashsale.reservation;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.flashsale.catalog.Sale;
import reactor.core.publisher.Flux;

/**
 * Not a test: prints figures. Redis memory taken by 100,000 live holds of one sale (distinct
 * shoppers, each with an Idempotency-Key), then after all are released and purged as the ledger
 * consumer does, and what is left per shopper. Run:
 * {@code ./mvnw -Pbench verify -Dtest=RedisMemoryBenchmark}
 */
@Tag("benchmark")
class RedisMemoryBenchmark {

    private static final int HOLDS = 100_000;
    private static final int IN_FLIGHT = 64;

    @Test
    void memoryPer100kHolds() {
        try (EngineFixture redis = new EngineFixture()) {
            Sale sale = redis.openSale(HOLDS, 1);
            SaleKeys keys = new SaleKeys(sale.id());
            long before = usedMemory(redis);
            List<String> ids = Flux.range(0, HOLDS)
                    .flatMap(i -> redis.engine.reserve(sale.id(), HoldId.next(sale.id()), "shopper-" + i, 1, "key-" + i,
                            600_000, "").map(StockEngine.ReserveReply::holdId), IN_FLIGHT)
                    .collectList().block();
            long live = usedMemory(redis) - before;
            String one = ids.get(0);
            System.out.printf("%n== Redis memory, %,d live holds of one sale (Redis %s) ==%n", HOLDS, redis.sync.info("server")
                    .lines().filter(l -> l.startsWith("redis_version:")).findFirst().orElse("?"));
            System.out.printf("INFO memory used_memory grew by %,d bytes: %,d bytes per hold%n", live, live / HOLDS);
            print(redis, "hold hash (one)", keys.hold(one));
            print(redis, "shadow key (one)", keys.shadow(one));
            print(redis, "shopper's holds set (one)", keys.shopperHolds("shopper-0"));
            print(redis, "deadlines zset (all)", keys.deadlines());
            print(redis, "users hash (all)", keys.users());
            print(redis, "holds-made hash (all)", keys.made());
            print(redis, "idempotency hash (all)", keys.idempotency());
            print(redis, "event stream (HELD events)", keys.events());

            Flux.range(0, HOLDS).flatMap(i -> redis.engine.release(sale.id(), ids.get(i), "shopper-" + i, "", "CANCELLED", ""),
                    IN_FLIGHT).blockLast();
            long released = usedMemory(redis) - before;
            Flux.range(0, HOLDS).buffer(200)
                    .concatMap(batch -> redis.engine.purge(sale.id(), batch.stream().map(i -> new StockEngine.ClosedHold(
                            ids.get(i), "shopper-" + i, ReservationStatus.RELEASED)).toList()))
                    .blockLast();
            long purged = usedMemory(redis) - before;
            System.out.printf("after releasing all: %,d bytes (%,d per hold, stream now holds HELD + RELEASED events)%n",
                    released, released / HOLDS);
            System.out.printf("after purging all: %,d bytes (%,d per hold: idempotency entry, holds-made count, events)%n",
                    purged, purged / HOLDS);
            print(redis, "event stream (until trimmed by stream-retention)", keys.events());
            System.out.printf("without the stream: %,d bytes per closed hold%n",
                    (purged - redis.sync.memoryUsage(keys.events())) / HOLDS);
            redis.sync.del(keys.events(), keys.idempotency(), keys.made(), keys.users(), keys.deadlines(), keys.stock());
        }
    }

    private static void print(EngineFixture redis, String what, String key) {
        Long bytes = redis.sync.memoryUsage(key);
        System.out.printf("  MEMORY USAGE %-48s %,12d bytes%n", what, bytes == null ? 0 : bytes);
    }

    private static long usedMemory(EngineFixture redis) {
        return redis.sync.info("memory").lines().filter(l -> l.startsWith("used_memory:"))
                .map(l -> Long.parseLong(l.substring("used_memory:".length()).trim())).findFirst().orElseThrow();
    }
}
