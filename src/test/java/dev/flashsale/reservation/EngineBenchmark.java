package dev.flashsale.reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.FlashSaleApplication;
import dev.flashsale.catalog.Sale;
import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.TestServers;
import io.lettuce.core.StreamMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Not a test: prints figures. Reserve throughput and latency of the engine against local Redis on
 * the granted and sold-out paths, and how late expired holds come back with 20,000 unrelated TTL
 * keys in Redis. Run: {@code ./mvnw -Pbench verify -Dtest=EngineBenchmark}
 */
@Tag("benchmark")
class EngineBenchmark {

    private static final int CALLS = 50_000;
    private static final int IN_FLIGHT = 64;

    @Test
    void reservePaths() {
        try (EngineFixture redis = new EngineFixture()) {
            Sale plenty = redis.openSale(10_000_000, 1);
            Sale none = redis.openSale(0, 1);
            run(redis, plenty, 5_000, "warm-up");
            print("granted (distinct shoppers)", run(redis, plenty, CALLS, "g"));
            print("sold out", run(redis, none, CALLS, "s"));
            redis.assertConserved(plenty);
        }
    }

    private static Result run(EngineFixture redis, Sale sale, int calls, String shopperPrefix) {
        long[] latencies = new long[calls];
        AtomicInteger index = new AtomicInteger();
        long start = System.nanoTime();
        Flux.range(0, calls).flatMap(i -> Mono.defer(() -> {
            long t0 = System.nanoTime();
            return redis.engine.reserve(sale.id(), HoldId.next(sale.id()), shopperPrefix + i, 1, "", 600_000, "")
                    .doOnNext(r -> latencies[index.getAndIncrement()] = System.nanoTime() - t0);
        }), IN_FLIGHT).blockLast();
        return new Result(calls, System.nanoTime() - start, latencies);
    }

    record Result(int calls, long nanos, long[] latencies) {
        double perSecond() {
            return calls / (nanos / 1e9);
        }

        double percentileMillis(double p) {
            long[] sorted = latencies.clone();
            Arrays.sort(sorted);
            return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
        }
    }

    private static void print(String path, Result r) {
        System.out.printf("%n[engine] %-28s %,8d calls  %,10.0f reserves/s  p50 %6.2f ms  p99 %6.2f ms  max %6.2f ms  (%d in flight)%n",
                path, r.calls(), r.perSecond(), r.percentileMillis(50), r.percentileMillis(99), r.percentileMillis(100), IN_FLIGHT);
    }

    @Test
    void restoreDelayWithManyUnrelatedTtlKeys() throws Exception {
        TestServers.Endpoints servers = TestServers.get();
        int holds = 2_000;
        int unrelated = 20_000;
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(FlashSaleApplication.class).run(
                "--server.port=0", "--flashsale.embedded.enabled=false", "--flashsale.demo.enabled=false",
                "--spring.data.redis.host=" + servers.redisHost(), "--spring.data.redis.port=" + servers.redisPort(),
                "--spring.r2dbc.url=" + servers.r2dbcUrl(), "--spring.r2dbc.username=" + servers.username(),
                "--spring.r2dbc.password=" + servers.password(), "--flashsale.security.jwt.secret=" + IntegrationTest.JWT_SECRET,
                "--flashsale.security.public-operations=true",
                "--flashsale.reservation.hold-duration=3s", "--logging.level.root=WARN");
                EngineFixture redis = new EngineFixture()) {
            WebClient http = WebClient.create("http://127.0.0.1:" + ((WebServerApplicationContext) app).getWebServer().getPort());
            long saleId = createSale(http, holds);
            Flux.range(0, unrelated).flatMap(i -> Mono.defer(() ->
                    redis.redis.reactive().psetex("bench:unrelated:" + i, 600_000, "x")), 256).blockLast();
            Sale sale = new Sale(saleId, 0, 0, holds, 1, Instant.EPOCH, Instant.MAX, 0L, null, null);

            Flux.range(0, holds).flatMap(i -> redis.engine.reserve(saleId, HoldId.next(saleId), "r" + i, 1, "", 3_000, ""), 32)
                    .blockLast();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (redis.stock(sale).available() < holds && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            List<StreamMessage<String, String>> expired = redis.events(sale).stream()
                    .filter(m -> "EXPIRED".equals(m.getBody().get("type"))).toList();
            long[] delays = expired.stream().mapToLong(m -> Long.parseLong(m.getBody().get("at"))
                    - Long.parseLong(m.getBody().get("deadline"))).sorted().toArray();
            String metrics = http.get().uri("/actuator/prometheus").retrieve().bodyToMono(String.class).block();
            System.out.printf("%n[expiry] %,d holds of 3 s among %,d unrelated TTL keys: %,d restored, delay after deadline"
                    + " p50 %d ms  p99 %d ms  max %d ms; by listener %s, by sweeper %s%n",
                    holds, unrelated, delays.length, pct(delays, 50), pct(delays, 99), pct(delays, 100),
                    counter(metrics, "listener"), counter(metrics, "sweeper"));
            redis.sync.del(Flux.range(0, unrelated).map(i -> "bench:unrelated:" + i).collectList().block().toArray(String[]::new));
        }
    }

    private static long createSale(WebClient http, int quantity) {
        String admin = IntegrationTest.token("bench-admin", "ADMIN");
        long productId = http.post().uri("/admin/api/products").headers(h -> h.setBearerAuth(admin))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "벤치마크 상품", "category", "벤치", "originalPrice", 10_000))
                .retrieve().bodyToMono(JsonNode.class).block().get("id").asLong();
        Instant now = Instant.now();
        return http.post().uri("/admin/api/sales").headers(h -> h.setBearerAuth(admin)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", productId, "salePrice", 5_000, "totalQuantity", quantity, "perUserLimit", 1,
                        "startsAt", now.minusSeconds(5).toString(), "endsAt", now.plusSeconds(3600).toString()))
                .retrieve().bodyToMono(JsonNode.class).block().get("id").asLong();
    }

    private static long pct(long[] sorted, double p) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p / 100 * sorted.length) - 1)];
    }

    private static String counter(String metrics, String path) {
        return metrics.lines().filter(l -> l.startsWith("flashsale_expiry_restored_total") && l.contains("path=\"" + path + "\""))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst().orElse("?");
    }
}
