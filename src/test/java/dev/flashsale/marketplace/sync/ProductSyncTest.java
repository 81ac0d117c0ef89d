package dev.flashsale.marketplace.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.marketplace.FakeHttpServer.Reply;
import dev.flashsale.marketplace.MarketplaceIntegrationTest;
import tools.jackson.databind.JsonNode;

class ProductSyncTest extends MarketplaceIntegrationTest {

    @Autowired
    ReactiveStringRedisTemplate redis;

    private JsonNode sync() {
        return client().post().uri("/admin/api/marketplace/sync").headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private List<JsonNode> alertsFor(long productId) {
        JsonNode all = client().get().uri("/admin/api/marketplace/price-alerts?limit=500")
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return all.valueStream().filter(a -> a.get("productId").asLong() == productId).toList();
    }

    private long productOnSale(String name, long coupangId) {
        long productId = coupangProduct(name, coupangId, 10_000).get("id").asLong();
        Instant now = Instant.now();
        createSale(productId, 7_000, 10, 1, now.minusSeconds(60), now.plusSeconds(3600));
        return productId;
    }

    private static long freshCoupangId() {
        return 770_000_000L + System.nanoTime() % 100_000_000L;
    }

    @Test
    void syncStoresMarketplacePricesAndAlertsWhenCoupangUndercutsOurSale() {
        String name = "동기화 딸기 " + System.nanoTime();
        long coupangId = freshCoupangId();
        long productId = productOnSale(name, coupangId);
        listOnCoupang(name, coupangId, 6_500);

        JsonNode run = sync();

        assertThat(run.get("outcome").asString()).isIn("SUCCEEDED", "PARTIAL");
        assertThat(run.get("updated").asInt()).isPositive();
        client().get().uri("/admin/api/marketplace/products/" + productId + "/offers")
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].marketplace").isEqualTo("COUPANG").jsonPath("$[0].price").isEqualTo(6500);
        assertThat(alertsFor(productId)).singleElement().satisfies(a -> {
            assertThat(a.get("reason").asString()).isEqualTo("UNDERCUTS_SALE");
            assertThat(a.get("marketplacePrice").asLong()).isEqualTo(6_500L);
            assertThat(a.get("ourPrice").asLong()).isEqualTo(7_000L);
        });
        client().get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body)
                        .contains("flashsale_marketplace_price_alerts_total{")
                        .contains("reason=\"UNDERCUTS_SALE\""));
        client().get().uri("/admin/api/marketplace/sync").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.lastRun.id").isEqualTo(run.get("id").asLong())
                .jsonPath("$.sources[0]").isEqualTo("COUPANG")
                .jsonPath("$.breakers.coupang").isEqualTo("CLOSED");
    }

    @Test
    void unchangedPriceDoesNotRepeatTheAlertButABigMoveRaisesOne() {
        String name = "변동 딸기 " + System.nanoTime();
        long coupangId = freshCoupangId();
        long productId = productOnSale(name, coupangId);
        listOnCoupang(name, coupangId, 9_000);
        sync();
        sync();
        assertThat(alertsFor(productId)).isEmpty();

        listOnCoupang(name, coupangId, 12_000);
        sync();

        assertThat(alertsFor(productId)).singleElement().satisfies(a -> {
            assertThat(a.get("reason").asString()).isEqualTo("PRICE_MOVED");
            assertThat(a.get("previousPrice").asLong()).isEqualTo(9_000L);
            assertThat(a.get("changePercent").asInt()).isEqualTo(33);
        });
    }

    @Test
    void anotherInstanceHoldingTheLeaseMeansThisOneSkips() {
        redis.opsForValue().set(SyncLease.KEY, "other-instance/token", Duration.ofSeconds(30)).block();
        try {
            assertThat(sync().get("outcome").asString()).isEqualTo("SKIPPED");
            client().get().uri("/admin/api/marketplace/sync").headers(h -> h.setBearerAuth(adminToken())).exchange()
                    .expectBody().jsonPath("$.leaseHolder").isEqualTo("other-instance/token");
            assertThat(redis.opsForValue().get(SyncLease.KEY).block()).isEqualTo("other-instance/token");
        } finally {
            redis.delete(SyncLease.KEY).block();
        }
    }

    @Test
    void salePageAnswersWhileTheMarketplaceHangsInTheMiddleOfASync() throws Exception {
        String name = "지연 딸기 " + System.nanoTime();
        long coupangId = freshCoupangId();
        long productId = productOnSale(name, coupangId);
        CountDownLatch marketplaceAnswers = new CountDownLatch(1);
        COUPANG.reset();
        COUPANG.enqueue(Reply.json(200, "{\"rCode\":\"0\",\"rMessage\":\"\",\"data\":{\"productData\":[]}}")
                .heldUntil(marketplaceAnswers));
        CompletableFuture<String> running = WebClient.create("http://127.0.0.1:" + port).post().uri("/admin/api/marketplace/sync")
                .headers(h -> h.setBearerAuth(adminToken())).retrieve().bodyToMono(String.class).toFuture();
        try {
            COUPANG.takeRequest(); // the sync is now waiting on the marketplace

            client().get().uri("/api/sales").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$[?(@.productId == " + productId + ")]").exists();
            client().get().uri("/admin/api/marketplace/sync").headers(h -> h.setBearerAuth(adminToken())).exchange()
                    .expectBody().jsonPath("$.leaseHolder").exists();
            // the sync had not finished (nor given up) while the sale page answered
            assertThat(running).as("the sync still running").isNotDone();
        } finally {
            marketplaceAnswers.countDown();
        }
        assertThat(running.get(60, TimeUnit.SECONDS)).contains("\"outcome\"");
    }
}
