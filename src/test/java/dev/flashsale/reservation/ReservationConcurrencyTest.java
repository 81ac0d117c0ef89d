package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Many shoppers at once over HTTP: no oversell, limits and idempotency hold (invariants 1 and 3). */
class ReservationConcurrencyTest extends IntegrationTest {

    @Autowired
    ReactiveStringRedisTemplate redis;

    record Answer(int status, String type, String id, String retryAfter, String outcome) {

        /** A 503 from the reserve deadline after the script was sent: the unit may have been taken. */
        boolean mayHaveHeld() {
            return status == 503 && "unknown".equals(outcome);
        }
    }

    @Test
    void twoThousandShoppersForAHundredUnitsGetExactlyAHundredHolds() {
        long saleId = openSale(100, 1);
        List<String> tokens = Flux.range(0, 2_000).map(i -> newShopperToken()).collectList().block();

        // each shopper with a key of its own, as the sale page sends: a retry after a 503 is then safe
        List<Answer> answers = Flux.fromIterable(tokens).index()
                .flatMap(t -> reserve(saleId, t.getT2(), "shopper-" + t.getT1()), 256)
                .collectList().block();

        Map<Integer, Long> byStatus = answers.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        assertThat(byStatus).containsOnlyKeys(201, 409);
        assertThat(byStatus.get(201)).isEqualTo(100);
        assertThat(answers.stream().filter(a -> a.status() == 409).map(Answer::type).distinct())
                .containsExactly("https://flashsale.dev/problems/sold-out");
        assertThat(answers.stream().filter(a -> a.status() == 201).map(Answer::id).distinct().count()).isEqualTo(100);
        assertStock(saleId, 0, 100, 0);
        assertThat(redis.opsForStream().size(new SaleKeys(saleId).events()).block()).isEqualTo(100);
    }

    @Test
    void oneShopperFiringFiftyRequestsWithLimitOneGetsOneHold() {
        long saleId = openSale(100, 1);
        String token = newShopperToken();
        List<Answer> answers = Flux.range(0, 50).flatMap(i -> reserve(saleId, token, null), 50).collectList().block();

        // without a key a 503 "unknown" (a starved host's reserve deadline) is not retried: it may be the hold
        long held = answers.stream().filter(a -> a.status() == 201).count();
        long unknown = answers.stream().filter(Answer::mayHaveHeld).count();
        assertThat(held).isLessThanOrEqualTo(1);
        assertThat(held + unknown).isPositive();
        assertThat(answers.stream().filter(a -> a.status() == 409).map(Answer::type))
                .hasSize((int) (50 - held - unknown)).allMatch(t -> t.endsWith("/limit-exceeded"));
        assertStock(saleId, 99, 1, 0);
    }

    @Test
    void fiftyRetriesWithOneIdempotencyKeyAllNameTheSameSingleHold() {
        long saleId = openSale(100, 5);
        String token = newShopperToken();
        List<Answer> answers = Flux.range(0, 50).flatMap(i -> reserve(saleId, token, "retry-key-1"), 50)
                .collectList().block();

        assertThat(answers).allMatch(a -> a.status() == 201);
        assertThat(answers.stream().map(Answer::id).distinct()).hasSize(1);
        assertStock(saleId, 99, 1, 0);
    }

    /**
     * One shopper's reserve as a real client makes it: a 503 is retried, as its Retry-After asks, until a
     * definite answer: a shed one (overloaded, beyond the in-flight limit), and on a starved host one from
     * the reserve deadline, when it took nothing ({@code outcome: none}) or when the retry carries the
     * same Idempotency-Key (then it answers the hold the first attempt may have made).
     */
    private Mono<Answer> reserve(long saleId, String token, String idempotencyKey) {
        return attempt(saleId, token, idempotencyKey).flatMap(answer -> {
            if (answer.status() != 503 || (answer.mayHaveHeld() && idempotencyKey == null)) {
                return Mono.just(answer);
            }
            assertThat(answer.type()).endsWith(answer.outcome() == null ? "/overloaded" : "/service-unavailable");
            assertThat(answer.retryAfter()).isNotNull();
            return Mono.delay(Duration.ofMillis(20)).then(reserve(saleId, token, idempotencyKey));
        });
    }

    private Mono<Answer> attempt(long saleId, String token, String idempotencyKey) {
        return pooledWebClient(256).post().uri("/api/sales/{id}/reservations", saleId)
                .headers(h -> {
                    h.setBearerAuth(token);
                    if (idempotencyKey != null) {
                        h.set("Idempotency-Key", idempotencyKey);
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}")
                .exchangeToMono(response -> response.bodyToMono(JsonNode.class).map(body -> new Answer(
                        response.statusCode().value(),
                        body.has("type") ? body.get("type").asString() : null,
                        body.has("id") ? body.get("id").asString() : null,
                        response.headers().asHttpHeaders().getFirst("Retry-After"),
                        body.has("outcome") ? body.get("outcome").asString() : null)));
    }

}
