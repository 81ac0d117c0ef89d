package dev.flashsale.reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.SecondInstance;
import tools.jackson.databind.JsonNode;

/**
 * Not a test: prints how long a unit that comes back takes to reach a new arrival on an instance
 * that answers sold-out from memory. Two instances on one Redis with the default settings; per
 * trial a fresh sale of one unit, held on A, sold-out seen on B, released on A, then B is asked
 * continuously (a new shopper each time) until it grants. Run:
 * {@code ./mvnw -Pbench verify -Dtest=SoldOutMemoryBenchmark}
 */
@Tag("benchmark")
class SoldOutMemoryBenchmark {

    private static final int TRIALS = 50;
    private static final Duration BOUND = Duration.ofMillis(200);

    @Test
    void returnedUnitReachesTheOtherInstance() {
        try (ConfigurableApplicationContext a = SecondInstance.start(); ConfigurableApplicationContext b = SecondInstance.start()) {
            WebClient onA = client(a);
            WebClient onB = client(b);
            String admin = IntegrationTest.token("bench-admin", "ADMIN");
            long productId = post(onA, "/admin/api/products", admin, Map.of("name", "벤치 상품", "category", "bench",
                    "originalPrice", 10_000, "coupangUrl", "https://www.coupang.com/vp/products/1")).get("id").asLong();
            String memory = b.getEnvironment().getProperty("flashsale.reservation.sold-out-memory", "50ms (default)");
            long[] delays = new long[TRIALS];
            int asked = 0;
            for (int trial = 0; trial < TRIALS; trial++) {
                Instant now = Instant.now();
                long saleId = post(onA, "/admin/api/sales", admin, Map.of("productId", productId, "salePrice", 7_000,
                        "totalQuantity", 1, "perUserLimit", 1, "startsAt", now.minusSeconds(60).toString(),
                        "endsAt", now.plusSeconds(3_600).toString())).get("id").asLong();
                String holder = IntegrationTest.token("holder-" + trial);
                String holdId = reserve(onA, saleId, holder).get("id").asString();
                reserve(onB, saleId, IntegrationTest.token("primer-" + trial));     // B now remembers: sold out
                onA.delete().uri("/api/reservations/{id}", holdId).headers(h -> h.setBearerAuth(holder))
                        .retrieve().toBodilessEntity().block();
                long released = System.nanoTime();
                for (int i = 0; !reserve(onB, saleId, IntegrationTest.token("late-" + trial + "-" + i)).has("id"); i++) {
                    asked++;
                }
                delays[trial] = System.nanoTime() - released;
            }
            Arrays.sort(delays);
            System.out.printf("%nsold-out memory on instance B: %s; %d trials, %d sold-out answers meanwhile%n", memory, TRIALS, asked);
            System.out.printf("release on A -> first grant on B: p50 %d ms, p90 %d ms, max %d ms (bound %d ms: %s)%n",
                    ms(delays[TRIALS / 2]), ms(delays[TRIALS * 9 / 10]), ms(delays[TRIALS - 1]), BOUND.toMillis(),
                    delays[TRIALS - 1] <= BOUND.toNanos() ? "met" : "NOT met");
        }
    }

    private static long ms(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static JsonNode reserve(WebClient on, long saleId, String token) {
        return on.post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1))
                .exchangeToMono(r -> r.bodyToMono(JsonNode.class)).block();
    }

    private static JsonNode post(WebClient on, String path, String token, Map<String, Object> body) {
        return on.post().uri(path).headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).retrieve().bodyToMono(JsonNode.class).block();
    }

    private static WebClient client(ConfigurableApplicationContext instance) {
        return WebClient.create("http://127.0.0.1:" + SecondInstance.port(instance));
    }
}
