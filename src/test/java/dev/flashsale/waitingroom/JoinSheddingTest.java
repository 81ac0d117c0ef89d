package dev.flashsale.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

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
 * Joins past their own in-flight limit (two here): Redis is paused, so the first joins wait inside the
 * JVM and every other arrival is told at once to come back, having joined nothing; the retries then
 * join, one ticket each. (The same properties as {@code ReserveSheddingTest}: one context for both.)
 */
@TestPropertySource(properties = {"flashsale.reservation.shedding.initial-limit=2",
        "flashsale.reservation.shedding.min-limit=1", "flashsale.reservation.shedding.max-limit=2",
        "flashsale.reservation.redis-timeout=5s", "flashsale.waiting-room.join-shedding.initial-limit=2",
        "flashsale.waiting-room.join-shedding.min-limit=1", "flashsale.waiting-room.join-shedding.max-limit=2"})
class JoinSheddingTest extends IntegrationTest {

    record Answer(String shopper, int status, String type, String detail, String retryAfter) {
    }

    @Test
    void beyondTheLimitAJoinIsToldToComeBackAndJoinsNothingUntilItDoes() {
        long saleId = openSale(5, 1);
        client().put().uri("/admin/api/sales/{id}/waiting-room", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("enabled", true, "admitPerSecond", 1, "admissionTtl", "PT30S"))
                .exchange().expectStatus().isOk();
        List<String> shoppers = Flux.range(0, 60).map(i -> newShopperToken()).collectList().block();

        TestServers.pauseRedis(Duration.ofMillis(1_500));
        List<Answer> first = Flux.fromIterable(shoppers).flatMap(token -> join(saleId, token), 60).collectList().block();

        List<Answer> shed = first.stream().filter(a -> a.status() == 503).toList();
        assertThat(first).allMatch(a -> a.status() == 200 || a.status() == 503);
        assertThat(shed).as("shed while Redis was paused").hasSizeGreaterThanOrEqualTo(50)
                .allMatch(a -> a.type().endsWith("/overloaded") && List.of("1", "2", "3").contains(a.retryAfter())
                        && a.detail().endsWith("Retry in " + a.retryAfter() + " s."));
        assertThat(shed.stream().map(Answer::retryAfter).distinct()).as("the shed come back spread over the seconds, not in step")
                .hasSizeGreaterThan(1);
        assertThat(joined(saleId)).as("a shed join joined nothing").isEqualTo(first.size() - shed.size());

        List<Answer> retries = Flux.fromIterable(shed).concatMap(a -> join(saleId, a.shopper())).collectList().block();
        assertThat(retries).allMatch(a -> a.status() == 200);
        assertThat(joined(saleId)).isEqualTo(60);
    }

    private Mono<Answer> join(long saleId, String token) {
        return pooledWebClient(128).post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token))
                .exchangeToMono(response -> response.bodyToMono(JsonNode.class).map(body -> new Answer(token,
                        response.statusCode().value(), body.has("type") ? body.get("type").asString() : null,
                        body.has("detail") ? body.get("detail").asString() : null, response.headers().asHttpHeaders().getFirst("Retry-After"))))
                .subscribeOn(Schedulers.parallel());
    }

    /** Shoppers with a ticket: still queued or admitted (one read, so a tick cannot move one between the two). */
    private long joined(long saleId) {
        JsonNode live = client().get().uri("/admin/api/sales/{id}/waiting-room/live", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        return live.get("queued").asLong() + live.get("admissions").asLong();
    }
}
