package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.TestServers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * The reserve path past its in-flight limit (two here): Redis is paused for a second, so the first
 * reserves wait inside the JVM (their Redis deadline is longer than the pause here) and every arrival
 * beyond the limit is shed at once. (The same properties as {@code JoinSheddingTest}: one context for both.)
 */
@TestPropertySource(properties = {"flashsale.reservation.shedding.initial-limit=2",
        "flashsale.reservation.shedding.min-limit=1", "flashsale.reservation.shedding.max-limit=2",
        "flashsale.reservation.redis-timeout=5s", "flashsale.waiting-room.join-shedding.initial-limit=2",
        "flashsale.waiting-room.join-shedding.min-limit=1", "flashsale.waiting-room.join-shedding.max-limit=2"})
class ReserveSheddingTest extends IntegrationTest {

    record Answer(String shopper, String key, int status, String type, String id, String retryAfter) {
    }

    @Test
    void beyondTheLimitEveryAnswerIsAGrantASoldOutOrAShedThatTookNothing() {
        long saleId = openSale(20, 1);
        List<String> shoppers = Flux.range(0, 100).map(i -> newShopperToken()).collectList().block();

        TestServers.pauseRedis(Duration.ofMillis(1_500));
        List<Answer> first = Flux.fromIterable(shoppers).flatMap(token -> reserve(saleId, token, "k-" + token.hashCode()), 100)
                .collectList().block();

        Map<Integer, Long> byStatus = first.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        assertThat(byStatus.keySet()).isSubsetOf(201, 409, 503);
        assertThat(byStatus.get(503)).as("shed while Redis was paused").isGreaterThanOrEqualTo(90);
        assertThat(first).filteredOn(a -> a.status() == 503)
                .allMatch(a -> a.type().endsWith("/overloaded") && List.of("1", "2", "3").contains(a.retryAfter()));
        assertThat(first.stream().filter(a -> a.status() == 503).map(Answer::retryAfter).distinct())
                .as("the shed come back spread over the seconds, not in step").hasSizeGreaterThan(1);
        assertThat(first).filteredOn(a -> a.status() == 409).allMatch(a -> a.type().endsWith("/sold-out"));
        long granted = byStatus.getOrDefault(201, 0L);
        assertStock(saleId, 20 - granted, granted, 0);

        // shed requests took nothing: retried with the same key, each gets a definite answer now
        List<Answer> retries = Flux.fromIterable(first).filter(a -> a.status() == 503)
                .concatMap(a -> reserve(saleId, a.shopper(), a.key())).collectList().block();
        assertThat(retries).allMatch(a -> a.status() == 201 || a.type().endsWith("/sold-out"));
        List<String> holds = Flux.concat(Flux.fromIterable(first), Flux.fromIterable(retries))
                .filter(a -> a.status() == 201).map(Answer::id).collectList().block();
        assertThat(holds).hasSize(20).doesNotHaveDuplicates();
        assertStock(saleId, 0, 20, 0);
    }

    private Mono<Answer> reserve(long saleId, String token, String key) {
        return pooledWebClient(128).post().uri("/api/sales/{id}/reservations", saleId)
                .headers(h -> {
                    h.setBearerAuth(token);
                    h.set("Idempotency-Key", key);
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}")
                .exchangeToMono(response -> response.bodyToMono(JsonNode.class).map(body -> new Answer(token, key,
                        response.statusCode().value(), body.has("type") ? body.get("type").asString() : null,
                        body.has("id") ? body.get("id").asString() : null,
                        response.headers().asHttpHeaders().getFirst("Retry-After"))))
                .subscribeOn(Schedulers.parallel());
    }
}
