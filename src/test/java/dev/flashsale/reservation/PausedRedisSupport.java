package dev.flashsale.reservation;

import java.time.Duration;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.PausableRedis;
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

    JsonNode stock(long saleId) {
        return client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static String slug(JsonNode body) {
        String type = body.path("type").asString(null);
        return type == null ? null : type.substring(type.lastIndexOf('/') + 1);
    }
}
