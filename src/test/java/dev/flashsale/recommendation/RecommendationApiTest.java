package dev.flashsale.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.flashsale.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/** The recommendation endpoints over HTTP against the real Redis and Postgres. */
class RecommendationApiTest extends IntegrationTest {

    @Autowired
    BehaviourRecorder recorder;
    @Autowired
    BehaviourEvents events;
    @Autowired
    ModelRefresher models;
    @Autowired
    MeterRegistry meters;
    @Autowired
    McpRecommendations assistantView;

    @Test
    void anonymousCallersGetOnlyActiveInStockSalesWithinTheLimit() {
        Instant now = Instant.now();
        long soldOut = sale("인기 딸기 케이크", "간식", 0, now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        long upcoming = sale("예정 딸기 잼", "간식", 10, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
        long ended = sale("지난 딸기 젤리", "간식", 10, now.minus(Duration.ofHours(2)), now.minusSeconds(60));
        long open = sale("수제 딸기 쿠키", "간식", 10, now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        String fans = "fan-" + System.nanoTime() + "-";
        for (int i = 0; i < 5; i++) {
            String shopper = fans + i;
            record(shopper, soldOut, BehaviourType.PURCHASE);
            record(shopper, upcoming, BehaviourType.VIEW);
            record(shopper, ended, BehaviourType.PURCHASE);
        }
        awaitEvents(fans, 15);
        models.refresh().block();

        JsonNode all = get("/api/recommendations?limit=50", null);
        assertThat(all.size()).isBetween(1, 50);
        assertThat(ids(all)).doesNotContain(soldOut, upcoming, ended).contains(open);
        all.forEach(r -> {
            assertThat(r.get("sale").get("status").asString()).isEqualTo("ON_SALE");
            assertThat(r.get("sale").get("remaining").asLong()).isPositive();
            assertThat(r.get("reason").asString()).isNotBlank();
        });
        assertThat(get("/api/recommendations?limit=2", null).size()).isEqualTo(2);
        assertThat(meters.get("flashsale.recommendation.requests").tag("kind", "anonymous").timer().count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void personalisesFromTheCallersBehaviourAndNeverOffersWhatTheyHold() {
        Instant now = Instant.now();
        // a category of this run's own: other classes' popular 과일 sales would otherwise outrank these two
        // on popularity with the same category match, and push them out of the top 50 (seen in a full run)
        String fruit = "과일 " + System.nanoTime() % 1_000_000;
        long seolhyang = sale("논산 설향딸기 500g", fruit, 100, now.minusSeconds(60), now.plus(Duration.ofHours(3)));
        long organic = sale("유기농 딸기 1kg 특품", fruit, 100, now.minusSeconds(60), now.plus(Duration.ofHours(3)));
        long detergent = sale("주방세제 리필 1.2L", "생활용품", 100, now.minusSeconds(60), now.plus(Duration.ofHours(3)));
        String shopper = "berry-" + System.nanoTime();
        client().post().uri("/api/sales/{id}/views", seolhyang).headers(h -> h.setBearerAuth(token(shopper)))
                .exchange().expectStatus().isAccepted();
        record(shopper, seolhyang, BehaviourType.RESERVATION);
        awaitEvents(shopper, 2);
        models.refresh().block();

        // other test classes share this database and fill it with popular sales, so the assertions are
        // about this test's own sales and why they are offered rather than an absolute top 5
        JsonNode personal = get("/api/recommendations?limit=50", token(shopper));
        List<Long> ranked = ids(personal);

        assertThat(ranked).doesNotContain(seolhyang).contains(organic);
        assertThat(reasonFor(personal, organic)).as("why the organic strawberries are offered")
                .isIn("Matches your interest in " + fruit, "Similar to 논산 설향딸기 500g",
                        "Popular with shoppers who liked 논산 설향딸기 500g");
        // a sale missing from the top 50 ranks below every sale in it
        assertThat(rank(ranked, organic)).isLessThan(rank(ranked, detergent));
        JsonNode anonymous = get("/api/recommendations?limit=50", null);
        if (ids(anonymous).contains(organic)) {
            assertThat(reasonFor(anonymous, organic)).as("nothing personal without a shopper")
                    .isNotEqualTo(reasonFor(personal, organic));
        }
    }

    private static int rank(List<Long> ranked, long saleId) {
        int index = ranked.indexOf(saleId);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static String reasonFor(JsonNode list, long saleId) {
        for (JsonNode r : list) {
            if (r.get("sale").get("id").asLong() == saleId) {
                return r.get("reason").asString();
            }
        }
        throw new AssertionError("sale " + saleId + " not in " + list);
    }

    @Test
    void whatAnAssistantIsToldNamesNothingFromTheShoppersHistory() {
        Instant now = Instant.now();
        String viewed = "제주 한라봉 선물세트 " + System.nanoTime();
        long seen = sale(viewed, "과일", 100, now.minusSeconds(60), now.plus(Duration.ofHours(3)));
        sale("제주 한라봉 가정용 3kg", "과일", 100, now.minusSeconds(60), now.plus(Duration.ofHours(3)));
        String shopper = "citrus-" + System.nanoTime();
        record(shopper, seen, BehaviourType.VIEW);
        record(shopper, seen, BehaviourType.RESERVATION);
        awaitEvents(shopper, 2);
        models.refresh().block();

        List<String> toTheShopper = new ArrayList<>();
        get("/api/recommendations?limit=50", token(shopper)).forEach(r -> toTheShopper.add(r.get("reason").asString()));
        List<String> aboutTheSaleOnly = List.of("On sale now", "Popular right now", "Just started");
        assertThat(toTheShopper).as("the shopper's own page explains with their history")
                .anyMatch(r -> !aboutTheSaleOnly.contains(r));

        List<String> toAnAssistant = assistantView.forShopper(shopper, 50).block().stream()
                .map(dev.flashsale.mcp.ShopperRecommendations.Recommendation::reason).toList();
        assertThat(toAnAssistant).isNotEmpty().noneMatch(r -> r.contains(viewed))
                .allMatch(r -> aboutTheSaleOnly.contains(r) || r.equals("Picked for this shopper"));
    }

    @Test
    void newShoppersAreRankedByTheirDeclaredCategories() {
        Instant now = Instant.now();
        long fish = sale("제주 은갈치 1kg", "수산", 10, now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        String token = newShopperToken();
        assertThat(get("/api/recommendations", token).size()).isPositive(); // no profile, no history yet
        client().put().uri("/api/me/profile").headers(h -> h.setBearerAuth(token))
                .bodyValue(Map.of("preferredCategories", List.of("수산"), "ageBand", "AGE_30S")).exchange()
                .expectStatus().isOk();

        JsonNode top = get("/api/recommendations?limit=3", token);

        assertThat(top.get(0).get("sale").get("id").asLong()).isEqualTo(fish);
        assertThat(top.get(0).get("reason").asString()).isEqualTo("Matches your interest in 수산");
    }

    @Test
    void similarSalesShareMorphemesAndNeverIncludeTheViewedProduct() {
        Instant now = Instant.now();
        long milk = sale("딸기우유 200ml 24팩", "유제품", 10, now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        long sameProductAgain = createSale(productOf(milk), 5_000, 10, 1, now.minusSeconds(30),
                now.plus(Duration.ofHours(1))).get("id").asLong();
        long yogurt = sale("딸기 요거트 4개입", "유제품", 10, now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        long soldOutMilk = sale("바나나우유 240ml", "유제품", 0, now.minusSeconds(60), now.plus(Duration.ofHours(1)));
        models.refresh().block();

        JsonNode similar = get("/api/sales/" + milk + "/similar?limit=5", null);
        assertThat(ids(similar)).doesNotContain(milk, sameProductAgain, soldOutMilk).contains(yogurt);
        assertThat(similar.get(0).get("sale").get("name").asString()).containsAnyOf("딸기", "우유");

        JsonNode alternatives = get("/api/sales/" + soldOutMilk + "/similar?limit=3", null);
        assertThat(ids(alternatives)).doesNotContain(soldOutMilk).hasSizeBetween(1, 3);
        assertThat(alternatives.get(0).get("sale").get("name").asString()).contains("우유");
    }

    @Test
    void badInputIsAProblemDetail() {
        long open = sale("상주 곶감 1kg", "과일", 10, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600));
        problem("/api/recommendations?limit=0", 400, "invalid-request");
        problem("/api/recommendations?limit=1000", 400, "invalid-request");
        problem("/api/recommendations?limit=ten", 400, "invalid-request");
        problem("/api/sales/" + open + "/similar?limit=0", 400, "invalid-request");
        problem("/api/sales/987654321/similar", 404, "sale-not-found");
        client().post().uri("/api/sales/987654321/views").headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.type").value(t -> assertThat(t.toString())
                        .endsWith("/sale-not-found"));
        client().post().uri("/api/sales/{id}/views", open).exchange().expectStatus().isUnauthorized();
    }

    // --- helpers

    private long sale(String name, String category, int quantity, Instant startsAt, Instant endsAt) {
        long productId = adminPost("/admin/api/products", Map.of("name", name, "category", category,
                "originalPrice", 20_000)).get("id").asLong();
        return createSale(productId, 9_900, quantity, 1, startsAt, endsAt).get("id").asLong();
    }

    private long productOf(long saleId) {
        return get("/api/sales/" + saleId, null).get("productId").asLong();
    }

    private void record(String shopper, long saleId, BehaviourType type) {
        recorder.record(shopper, saleId, type, Instant.now()).block();
    }

    /**
     * Events are written asynchronously in batches; wait until all of these shoppers' have landed
     * ({@code rows}: their distinct shopper, sale and type triples), not just the first batch.
     */
    private void awaitEvents(String shopperPrefix, long rows) {
        await().atMost(Duration.ofSeconds(10)).until(() -> events.summarySince(Instant.now().minusSeconds(600))
                .filter(e -> e.shopperId().startsWith(shopperPrefix)).count().block() >= rows);
    }

    private JsonNode get(String uri, String token) {
        return client().get().uri(uri).headers(h -> {
            if (token != null) {
                h.setBearerAuth(token);
            }
        }).exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void problem(String uri, int status, String slug) {
        client().get().uri(uri).exchange().expectStatus().isEqualTo(status)
                .expectHeader().contentType("application/problem+json")
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith("/" + slug));
    }

    private static List<Long> ids(JsonNode list) {
        List<Long> ids = new ArrayList<>();
        list.forEach(r -> ids.add(r.get("sale").get("id").asLong()));
        return ids;
    }
}
