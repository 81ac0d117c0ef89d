package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.PausableRedis;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * Contexts on a Redis of their own that the test freezes ({@link PausableRedis}), with the Lettuce
 * command timeout production has (5 s), so only the reserve path's own deadline can make answers fast.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
abstract class PausedRedisSupport extends IntegrationTest {

    /** The configured reserve deadline below, plus room for a loaded shared machine. */
    static final Duration ANSWER_BOUND = Duration.ofMillis(2_000);

    /** A URL wins over the host and port {@link IntegrationTest} registers for the shared Redis. */
    @DynamicPropertySource
    static void pausableRedis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", () -> PausableRedis.get().url());
        registry.add("spring.data.redis.timeout", () -> "5s");
        registry.add("flashsale.reservation.redis-timeout", () -> "500ms");
    }

    @Autowired
    MeterRegistry registry;

    /** {@code flashsale.reserve.redis_deadline{outcome}}: reserves the deadline answered. */
    double deadlineAnswers(String outcome) {
        return registry.counter("flashsale.reserve.redis_deadline", "outcome", outcome).count();
    }

    /** One reserve's answer as a shopper sees it, and how long it took. */
    record Answer(int status, String retryAfter, String slug, String outcome, String holdId, Duration took) {
    }

    /** Reserves at once, shopper i with key i, each on a new connection; the answers in the same order. */
    List<Answer> reserveAll(long saleId, List<String> shoppers, List<String> keys) {
        WebClient web = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())
                        .responseTimeout(Duration.ofSeconds(30))))
                .build();
        return Flux.range(0, shoppers.size()).flatMapSequential(i -> {
            long start = System.nanoTime();
            return web.post().uri("/api/sales/{id}/reservations", saleId)
                    .headers(h -> {
                        h.setBearerAuth(shoppers.get(i));
                        h.set("Idempotency-Key", keys.get(i));
                    })
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}")
                    .exchangeToMono(response -> response.bodyToMono(JsonNode.class).map(body -> new Answer(
                            response.statusCode().value(), response.headers().asHttpHeaders().getFirst("Retry-After"),
                            slug(body), body.path("outcome").asString(null), body.path("id").asString(null),
                            Duration.ofNanos(System.nanoTime() - start))));
        }, shoppers.size()).collectList().block(Duration.ofSeconds(60));
    }

    /** A sale of 50 units whose first reserve went through (scripts loaded, connections open). */
    long warmSale(int perUserLimit) {
        long saleId = openSale(50, perUserLimit);
        assertThat(reserveAll(saleId, List.of(newShopperToken()), List.of("warm-up")).get(0).status()).isEqualTo(201);
        return saleId;
    }

    /** Reserves of fresh shoppers, key i for shopper i, sent while Redis is frozen; resumed whatever happens. */
    List<Answer> reserveWhilePaused(long saleId, List<String> shoppers, List<String> keys) {
        PausableRedis.get().pause();
        try {
            return reserveAll(saleId, shoppers, keys);
        } finally {
            PausableRedis.get().resume();
        }
    }

    /** Every answer a 503 service-unavailable with Retry-After and this outcome, within the bound. */
    static void assertFastRefusals(List<Answer> answers, int count, String outcome) {
        assertThat(answers).hasSize(count).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(503);
            assertThat(answer.slug()).isEqualTo("service-unavailable");
            assertThat(answer.retryAfter()).isEqualTo("1");
            assertThat(answer.outcome()).isEqualTo(outcome);
            assertThat(answer.took()).isLessThan(ANSWER_BOUND);
        });
    }

    static List<String> shoppers(int count) {
        return IntStream.range(0, count).mapToObj(i -> newShopperToken()).toList();
    }

    static List<String> keys(String prefix, int count) {
        return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
    }

    private static String slug(JsonNode body) {
        String type = body.path("type").asString(null);
        return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
    }
}
