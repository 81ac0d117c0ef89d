package dev.flashsale.reservation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;
import dev.flashsale.support.TestRedis;
import io.lettuce.core.RedisURI;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/** A StockEngine on its own Lettuce connection to the test Redis, plus helpers to inspect the keys. */
final class EngineFixture implements AutoCloseable {

    private static final AtomicLong SALE_IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 10);

    final TestRedis redis;
    final StockEngine engine;
    final WaitlistEngine waitlists;
    final RedisClusterCommands<String, String> sync;

    EngineFixture() {
        this(TestRedis.connect());
    }

    EngineFixture(RedisURI uri) {
        this(TestRedis.connect(uri));
    }

    private EngineFixture(TestRedis redis) {
        this.redis = redis;
        EngineCommands commands = redis.engineCommands();
        engine = new StockEngine(commands);
        waitlists = new WaitlistEngine(commands, engine,
                new WaitlistMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
        sync = redis.sync();
    }

    /** A fresh sale id (never used by another test) with stock initialised, open for an hour. */
    Sale openSale(int total, int perUserLimit) {
        Instant now = Instant.now();
        Sale sale = sale(total, perUserLimit, now.minusSeconds(60), now.plusSeconds(3600));
        engine.initSale(sale).block();
        return sale;
    }

    static Sale sale(int total, int perUserLimit, Instant startsAt, Instant endsAt) {
        return new Sale(SALE_IDS.incrementAndGet(), 1L, 1_000, total, perUserLimit, startsAt, endsAt, 0L, startsAt, startsAt);
    }

    StockEngine.ReserveReply reserve(Sale sale, String shopper, int qty, String key, long holdMillis) {
        return engine.reserve(sale.id(), HoldId.next(sale.id()), shopper, qty, key, holdMillis, "").block();
    }

    StockEngine.ReserveReply reserveAt(Sale sale, String shopper, int qty, long holdMillis, Instant now) {
        return engine.reserve(sale.id(), HoldId.next(sale.id()), shopper, qty, "", holdMillis,
                String.valueOf(now.toEpochMilli())).block();
    }

    StockLevel stock(Sale sale) {
        return engine.stock(List.of(sale.id())).block().get(sale.id());
    }

    /** Invariant 1: nothing negative and available + offered + held + sold == total. */
    void assertConserved(Sale sale) {
        StockLevel s = stock(sale);
        if (s.available() < 0 || s.offered() < 0 || s.held() < 0 || s.sold() < 0
                || s.available() + s.offered() + s.held() + s.sold() != s.total()) {
            throw new AssertionError("Stock not conserved for sale " + sale.id() + ": " + s);
        }
    }

    List<StreamMessage<String, String>> events(Sale sale) {
        return sync.xrange(new SaleKeys(sale.id()).events(), io.lettuce.core.Range.create("-", "+"));
    }

    /** How many events of a type name each hold id. */
    Map<String, Long> eventCounts(Sale sale, String type) {
        return events(sale).stream().filter(m -> type.equals(m.getBody().get("type")))
                .collect(java.util.stream.Collectors.groupingBy(m -> m.getBody().get("hold"),
                        java.util.stream.Collectors.counting()));
    }

    @Override
    public void close() {
        redis.close();
    }
}
