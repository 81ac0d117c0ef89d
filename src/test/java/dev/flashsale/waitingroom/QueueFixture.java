package dev.flashsale.waitingroom;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.flashsale.catalog.Sale;
import dev.flashsale.infra.web.ShedSettings;
import dev.flashsale.support.TestRedis;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** A Queue on its own Lettuce connection to the test Redis, with sales no room settings name (no ticker touches them). */
final class QueueFixture implements AutoCloseable {

    private static final AtomicLong SALE_IDS = new AtomicLong(7_000_000_000L + System.currentTimeMillis() % 1_000_000_000L);

    final TestRedis redis = TestRedis.connect();
    final RedisClusterCommands<String, String> sync = redis.sync();
    final Queue queue;
    /** The defaults but a 100 ms tick, whatever the default becomes: the scripts' pacing and estimates depend on it. */
    static final WaitingRoomProperties PROPS = new WaitingRoomProperties(Duration.ofMillis(100), Duration.ofSeconds(1), 10,
            Duration.ofSeconds(30), new ShedSettings(true, 64, 32, 512, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(3)), null);

    QueueFixture() {
        var commands = redis.reactive();
        queue = new Queue(() -> commands, PROPS);
    }

    static Sale sale(int total, Instant startsAt) {
        return new Sale(SALE_IDS.incrementAndGet(), 1L, 1_000, total, 1, startsAt, startsAt.plus(Duration.ofHours(1)), 0L,
                startsAt, startsAt);
    }

    static RoomSettings room(Sale sale, Instant opensAt, int admitPerSecond, Duration ttl) {
        return new RoomSettings(sale.id(), true, opensAt, admitPerSecond, ttl);
    }

    Queue.QueueReply join(Sale sale, RoomSettings room, String shopper, Instant now) {
        return queue.join(sale, room, shopper, ms(now)).block();
    }

    Queue.QueueReply poll(Sale sale, String shopper, Instant now) {
        return queue.ticket(sale, room(sale, null, 10, Duration.ofSeconds(30)), shopper, ms(now)).block();
    }

    Map<String, Queue.QueueReply> watch(Sale sale, RoomSettings room, List<String> shoppers, Instant now) {
        return queue.watch(sale, room, shoppers, ms(now)).block();
    }

    Queue.Tick admit(Sale sale, RoomSettings room, int marginPercent, Instant now) {
        return queue.admit(sale, room, marginPercent, 30_000, ms(now)).block();
    }

    /** Sets the engine's live stock of a sale (what queue_admit reads), as a reserve or release would leave it. */
    void available(Sale sale, long units) {
        sync.hset(QueueKeys.of(sale.id()).stock(), "available", String.valueOf(units));
    }

    static String ms(Instant t) {
        return String.valueOf(t.toEpochMilli());
    }

    @Override
    public void close() {
        redis.close();
    }
}
