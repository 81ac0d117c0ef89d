package dev.flashsale.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.support.IntegrationTest;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** {@code GET /admin/api/sales/{id}/live}: Redis stock and reserve rates summed over every live instance. */
@TestPropertySource(properties = {"flashsale.jobs.stale-at-least=1s", "flashsale.jobs.publish-every=500ms"})
class LiveMonitorTest extends IntegrationTest {

    private static final ParameterizedTypeReference<ServerSentEvent<JsonNode>> EVENT = new ParameterizedTypeReference<>() {
    };

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void showsRedisStockAndTheReserveRatesOfEveryFreshInstance() {
        long saleId = openSale(5, 1);
        for (int i = 0; i < 3; i++) {
            reserve(saleId, 201);
        }
        // another instance answering sold-out, and one that stopped publishing a minute ago
        Disposable otherInstances = Flux.interval(Duration.ZERO, Duration.ofMillis(300))
                .concatMap(tick -> redis.opsForHash().putAll(LiveRates.KEY, Map.of(
                        "other", entry("other", Instant.now(), saleId, "sold_out", 5),
                        "gone", entry("gone", Instant.now().minusSeconds(60), saleId, "held", 100))))
                .subscribe();
        try {
            JsonNode view = live(saleId).filter(v -> v.get("reservesPerSecond").has("held")
                    && v.get("reservesPerSecond").has("sold_out")).blockFirst(Duration.ofSeconds(20));
            assertThat(view.get("available").asLong()).isEqualTo(2);
            assertThat(view.get("held").asLong()).isEqualTo(3);
            assertThat(view.get("available").asLong() + view.get("offered").asLong() + view.get("held").asLong()
                    + view.get("sold").asLong()).isEqualTo(view.get("total").asLong()).isEqualTo(5);
            assertThat(view.get("waiting").asLong()).isZero();
            assertThat(view.get("queued").asLong()).as("no waiting room").isZero();
            assertThat(view.get("reservesPerSecond").get("sold_out").asDouble()).as("the other instance's rate")
                    .isEqualTo(5.0);
            assertThat(view.get("reservesPerSecond").get("held").asDouble()).as("this instance's, not the gone one's")
                    .isPositive().isLessThan(100);
            assertThat(view.get("status").asString()).isEqualTo("ON_SALE");
            assertThat(view.hasNonNull("soldOutAt")).as("not sold out").isFalse();
        } finally {
            otherInstances.dispose();
            redis.opsForHash().remove(LiveRates.KEY, "other", "gone").block();
        }
    }

    @Autowired
    SellOutClock sellOut;

    @Test
    void sellOutTimesOfSalesLongGoneAreForgottenAndLiveOnesKept() {
        long live = openSale(1, 1);
        redis.opsForHash().putAll(SellOutClock.KEY, Map.of(Long.toString(live), Instant.now().toString(),
                "987654321", Instant.now().toString())).block();
        sellOut.forgetEnded().block();
        assertThat(redis.<String, String>opsForHash().keys(SellOutClock.KEY).collectList().block())
                .contains(Long.toString(live)).doesNotContain("987654321");
    }

    @Test
    void showsHowManyShoppersWaitInTheWaitingRoomsQueue() {
        long saleId = openSale(5, 1);
        client().put().uri("/admin/api/sales/{id}/waiting-room", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true, "admitPerSecond", 1, "admissionTtl", "PT1M")).exchange()
                .expectStatus().isOk();
        for (int i = 0; i < 4; i++) {
            client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                    .exchange().expectStatus().is2xxSuccessful();
        }
        // one a second is admitted: some are still queued on the first ticks
        JsonNode view = live(saleId).filter(v -> v.get("queued").asLong() > 0).blockFirst(Duration.ofSeconds(20));
        assertThat(view.get("queued").asLong()).isBetween(1L, 4L);
        // admissions of the last whole second, and how the estimates shown at the join held up
        JsonNode admitting = live(saleId).filter(v -> v.get("queueAdmittedPerSecond").asLong() > 0 && v.hasNonNull("waitEstimatesWithin"))
                .blockFirst(Duration.ofSeconds(20));
        assertThat(admitting.get("queueAdmittedPerSecond").asLong()).isEqualTo(1);
        assertThat(admitting.get("waitEstimatesWithin").asDouble()).isBetween(0.0, 1.0);
        assertThat(admitting.get("queueAbandoned").asLong()).isZero();
    }

    @Test
    void aSaleWithNoUnitLeftShowsWhenItSoldOutUntilUnitsComeBack() {
        long saleId = openSale(2, 1);
        reserve(saleId, 201);
        reserve(saleId, 201);
        reserve(saleId, 409);
        JsonNode soldOut = live(saleId).filter(v -> v.hasNonNull("soldOutAt")).blockFirst(Duration.ofSeconds(20));
        assertThat(soldOut.get("status").asString()).isEqualTo("SOLD_OUT");
        assertThat(soldOut.get("timeToSellOutSeconds").asLong()).as("the sale opened a minute before").isBetween(55L, 120L);

        client().post().uri("/admin/api/sales/{id}/stock", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"delta\":1}").exchange().expectStatus().isOk();
        JsonNode restocked = live(saleId).blockFirst(Duration.ofSeconds(20));
        assertThat(restocked.get("available").asLong()).isEqualTo(1);
        assertThat(restocked.hasNonNull("soldOutAt")).isFalse();
    }

    @Test
    void restoreDelayP99IsTheBoundOfTheBucketHoldingTheSlowestPercent() {
        long saleId = openSale(1, 1);
        // another instance saw 98 holds back within 50 ms and 2 within 2 s in each second
        Disposable other = Flux.interval(Duration.ZERO, Duration.ofMillis(300))
                .concatMap(tick -> redis.opsForHash().put(LiveRates.KEY, "other", entry("other",
                        Instant.ofEpochSecond(Instant.now().getEpochSecond()), saleId,
                        "held", 1, "0,0,98,0,0,0,0,0,0,2,0,0,0,0")))
                .subscribe();
        try {
            List<JsonNode> views = live(saleId).filter(v -> v.has("restoreDelayP99Millis")).take(3)
                    .collectList().block(Duration.ofSeconds(20));
            assertThat(views).extracting(v -> v.get("restoreDelayP99Millis").asLong()).containsOnly(2_000L);
        } finally {
            other.dispose();
            redis.opsForHash().remove(LiveRates.KEY, "other").block();
        }
    }

    @Test
    void anUnknownSaleIsNotFoundAndShoppersAreRefused() {
        client().get().uri("/admin/api/sales/{id}/live", 987_654_321L).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isNotFound().expectBody()
                .jsonPath("$.type").value(type -> assertThat(type.toString()).endsWith("/sale-not-found"));
        long saleId = openSale(1, 1);
        client().get().uri("/admin/api/sales/{id}/live", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void beyondTheCapAMonitorIsRefusedUntilOneCloses() {
        long saleId = openSale(1, 1);
        List<Disposable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(live(saleId).subscribe());
            }
            // every one of them has its slot once each has sent its first event
            live(saleId).onErrorResume(e -> Flux.empty()).blockFirst(Duration.ofSeconds(5));
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> client().get()
                    .uri("/admin/api/sales/{id}/live", saleId).headers(h -> h.setBearerAuth(adminToken()))
                    .exchange().returnResult(String.class).getStatus().value() == 503);
        } finally {
            open.forEach(Disposable::dispose);
        }
        assertThat(live(saleId).blockFirst(Duration.ofSeconds(20))).as("a slot is free again").isNotNull();
    }

    private Flux<JsonNode> live(long saleId) {
        return WebClient.create("http://127.0.0.1:" + port).get().uri("/admin/api/sales/{id}/live", saleId)
                .headers(h -> h.setBearerAuth(adminToken())).accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(EVENT)
                .filter(e -> "live".equals(e.event()))
                .map(ServerSentEvent::data);
    }

    private void reserve(long saleId, int status) {
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange()
                .expectStatus().isEqualTo(status);
    }

    private static String entry(String instance, Instant at, long saleId, String outcome, long count) {
        return entry(instance, at, saleId, outcome, count, "0,0,0,0,0,0,0,0,0,0,0,0,0,0");
    }

    private static String entry(String instance, Instant at, long saleId, String outcome, long count, String delays) {
        return "{\"instance\":\"" + instance + "\",\"at\":\"" + at + "\",\"seconds\":1.0,\"sales\":{\"" + saleId
                + "\":{\"outcomes\":{\"" + outcome + "\":" + count + "},\"delayBuckets\":[" + delays + "]}}}";
    }
}
