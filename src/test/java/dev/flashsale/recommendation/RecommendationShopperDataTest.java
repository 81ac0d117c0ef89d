package dev.flashsale.recommendation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** What the recommender knows about a shopper: behaviour events and the editable profile. */
class RecommendationShopperDataTest extends IntegrationTest {

    @Autowired
    BehaviourRecorder recorder;
    @Autowired
    BehaviourEvents events;
    @Autowired
    BackgroundJobs jobs;

    @Test
    void theViewBeaconIsAcceptedAndStoredForTheCaller() {
        long sale = openSale(10, 1);
        String shopper = "viewer-" + System.nanoTime();

        client().post().uri("/api/sales/{id}/views", sale).headers(h -> h.setBearerAuth(token(shopper)))
                .exchange().expectStatus().isAccepted();

        List<BehaviourEvent> stored = await().atMost(Duration.ofSeconds(10))
                .until(() -> events.recent(shopper, 10).collectList().block(), list -> !list.isEmpty());
        assertThat(stored).singleElement().satisfies(e -> {
            assertThat(e.saleId()).isEqualTo(sale);
            assertThat(e.type()).isEqualTo(BehaviourType.VIEW);
        });
    }

    @Test
    void eventsPastTheRetentionWindowAreDeletedAndRecentOnesKept() {
        String shopper = "old-" + System.nanoTime();
        Instant now = Instant.now();
        recorder.record(shopper, 1, BehaviourType.PURCHASE, now.minus(Duration.ofDays(400))).block();
        recorder.record(shopper, 2, BehaviourType.VIEW, now.minus(Duration.ofDays(1))).block();
        await().atMost(Duration.ofSeconds(10)).until(() -> events.recent(shopper, 10).count().block() == 2);

        assertThat(jobs.purgeExpiredEvents().block()).isPositive();

        assertThat(events.recent(shopper, 10).map(BehaviourEvent::saleId).collectList().block()).containsExactly(2L);
    }

    @Test
    void aNewShopperHasAnEmptyProfileAndCanReplaceIt() {
        String token = newShopperToken();
        JsonNode empty = profile(token);
        assertThat(empty.get("preferredCategories").isEmpty()).isTrue();
        assertThat(empty.get("ageBand")).isNull();

        client().put().uri("/api/me/profile").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("ageBand", "AGE_20S", "region", "부산", "preferredCategories", List.of("과일", " 간식 ", "과일"),
                        "priceBand", "MID"))
                .exchange().expectStatus().isOk();

        JsonNode saved = profile(token);
        assertThat(saved.get("ageBand").asString()).isEqualTo("AGE_20S");
        assertThat(saved.get("region").asString()).isEqualTo("부산");
        assertThat(saved.get("priceBand").asString()).isEqualTo("MID");
        assertThat(saved.get("preferredCategories").valueStream().map(JsonNode::asString).toList())
                .containsExactly("과일", "간식");
        assertThat(profile(newShopperToken()).get("preferredCategories").isEmpty()).as("others unaffected").isTrue();
    }

    @Test
    void invalidProfilesAreRejectedAndAnonymousCallersHaveNoProfile() {
        String token = newShopperToken();
        invalid(token, Map.of("ageBand", "TODDLER"));
        invalid(token, Map.of("preferredCategories", Collections.nCopies(11, "과일")));
        invalid(token, Map.of("preferredCategories", List.of(" ")));
        client().get().uri("/api/me/profile").exchange().expectStatus().isUnauthorized();
        assertThat(profile(token).get("updatedAt")).as("nothing saved").isNull();
    }

    private JsonNode profile(String token) {
        return client().get().uri("/api/me/profile").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void invalid(String token, Map<String, Object> body) {
        client().put().uri("/api/me/profile").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith("/invalid-request"));
    }
}
