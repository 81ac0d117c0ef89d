package dev.flashsale.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** The waiting room over HTTP, with the admission ticker of the running service. */
class WaitingRoomApiTest extends IntegrationTest {

    private static final String PROBLEMS = "https://flashsale.dev/problems/";

    @Autowired
    AdmissionTokens tokens;

    @Test
    void whileTheRoomIsEnabledAReserveNeedsASingleUseAdmissionForThatSaleAndShopper() {
        long saleId = shortSale(10, 1);
        long otherSale = shortSale(10, 1);
        enableRoom(saleId, null, 50, "PT30S");
        enableRoom(otherSale, null, 50, "PT30S");
        String alice = newShopperToken();

        reserve(saleId, alice, null, "a1").expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "admission-required");

        JsonNode ticket = client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(ticket.get("ticketId").asLong()).isEqualTo(1);
        String admission = awaitAdmission(saleId, alice);
        String elsewhere = awaitAdmission(otherSale, joined(otherSale, alice));

        reserve(saleId, alice, elsewhere, "a2").expectStatus().isForbidden();        // another sale's admission
        reserve(saleId, newShopperToken(), admission, "a3").expectStatus().isForbidden(); // another shopper's
        reserve(saleId, alice, "not-a-jwt", "a4").expectStatus().isForbidden();
        reserve(saleId, alice, admission, "a5").expectStatus().isCreated();
        reserve(saleId, alice, admission, "a5").expectStatus().isCreated();      // retry of that reserve: same hold
        reserve(saleId, alice, admission, "a6").expectStatus().isForbidden()       // a second reserve: spent
                .expectBody().jsonPath("$.detail").isEqualTo(QueueCode.ADMISSION_USED.detail());
        client().get().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(alice)).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("USED");
        assertStock(saleId, 9, 1, 0);
        assertStock(otherSale, 10, 0, 0);
    }

    @Test
    void anExpiredAdmissionTokenIsRefused() {
        long saleId = shortSale(10, 1);
        enableRoom(saleId, null, 50, "PT30S");
        String token = newShopperToken();
        String shopper = subject(token);
        joined(saleId, token);
        String admission = awaitAdmission(saleId, token);
        String jti = tokens.verifiedJti(admission, saleId, shopper);
        String expired = tokens.mint(saleId, shopper, jti, Instant.now().minusSeconds(60), Instant.now().minusSeconds(1));

        reserve(saleId, token, expired, "x1").expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "admission-required");
        reserve(saleId, token, admission, "x2").expectStatus().isCreated();
        assertStock(saleId, 9, 1, 0);
    }

    @Test
    void theRoomAdmitsNoMoreShoppersThanUnitsLeftPlusTheMargin() throws InterruptedException {
        long saleId = shortSale(5, 1);
        enableRoom(saleId, null, 1_000, "PT30S");
        for (int i = 0; i < 12; i++) {
            joined(saleId, newShopperToken());
        }
        Thread.sleep(1_500);  // several ticks
        Map<String, String> log = queue.admissionLog(saleId).block();
        long admitted = log.values().stream().mapToLong(Long::parseLong).sum();
        assertThat(admitted).isEqualTo(5);   // floor(5 units x 1.10)
        assertThat(meters.counter("flashsale.queue.admitted", "sale", String.valueOf(saleId)).count()).isEqualTo(5);
        assertThat(meters.get("flashsale.queue.length").tag("sale", String.valueOf(saleId)).gauge().value()).isEqualTo(7);
        client().get().uri("/admin/api/sales/{id}/waiting-room/live", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.queued").isEqualTo(7).jsonPath("$.admittedUnused").isEqualTo(5).jsonPath("$.admissions").isEqualTo(5);
        assertStock(saleId, 5, 0, 0);
    }

    @Autowired
    Queue queue;

    @Test
    void aCrowdThroughTheRoomGetsExactlyTheUnitsAndAReleasedHoldReopensAdmission() {
        long saleId = shortSale(4, 1);
        enableRoom(saleId, null, 100, "PT30S");
        java.util.List<String> crowd = new java.util.ArrayList<>();
        for (int i = 0; i < 15; i++) {
            crowd.add(joined(saleId, newShopperToken()));
        }
        java.util.List<String> holds = new java.util.ArrayList<>();
        java.util.Map<String, String> holder = new java.util.HashMap<>();
        long deadline = System.currentTimeMillis() + 10_000;
        while (holds.size() < 4 && System.currentTimeMillis() < deadline) {
            for (String shopper : crowd) {
                JsonNode ticket = ticket(saleId, shopper);
                if (ticket.hasNonNull("admissionToken")) {
                    JsonNode hold = reserve(saleId, shopper, ticket.get("admissionToken").asString(), "c-" + holds.size())
                            .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
                    holds.add(hold.get("id").asString());
                    holder.put(hold.get("id").asString(), shopper);
                }
            }
            sleep(100);
        }
        assertThat(holds).hasSize(4);
        assertStock(saleId, 0, 4, 0);
        sleep(600);  // a few more ticks: nothing left, nobody more admitted
        long admittedNow = crowd.stream().filter(t -> "ADMITTED".equals(ticket(saleId, t).get("status").asString())).count();
        assertThat(admittedNow).isZero();
        assertThat(crowd.stream().filter(t -> "SOLD_OUT".equals(ticket(saleId, t).get("status").asString())).count()).isEqualTo(11);

        String released = holds.get(0);
        client().delete().uri("/api/reservations/{id}", released).headers(h -> h.setBearerAuth(holder.get(released))).exchange()
                .expectStatus().isNoContent();
        sleep(600);
        assertThat(crowd.stream().filter(t -> "ADMITTED".equals(ticket(saleId, t).get("status").asString())).count()).isEqualTo(1);
        assertStock(saleId, 1, 3, 0);
    }

    @Test
    void aShopperHoldingAWaitlistOfferReservesWithoutAdmission() {
        long saleId = shortSale(1, 1);
        enableRoom(saleId, null, 100, "PT30S");
        String first = joined(saleId, newShopperToken());
        String hold = reserve(saleId, first, awaitAdmission(saleId, first), "w1").expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("id").asString();
        String waiting = newShopperToken();
        client().post().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(waiting)).exchange()
                .expectStatus().is2xxSuccessful();
        client().delete().uri("/api/reservations/{id}", hold).headers(h -> h.setBearerAuth(first)).exchange()
                .expectStatus().isNoContent();   // the unit goes to the waitlist's head as an offer

        reserve(saleId, newShopperToken(), null, "w2").expectStatus().isForbidden();
        reserve(saleId, waiting, null, "w3").expectStatus().isCreated();
        assertStock(saleId, 0, 1, 0);
    }

    private JsonNode ticket(long saleId, String token) {
        return client().get().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void theQueueRoutesNeedAShopperTokenTheDrawIsPublicAndUnknownRoomsAre404() {
        long saleId = shortSale(10, 1);
        client().post().uri("/api/sales/{id}/queue", saleId).exchange().expectStatus().isUnauthorized();
        client().get().uri("/api/sales/{id}/queue", saleId).exchange().expectStatus().isUnauthorized();
        client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "queue-not-found");
        client().get().uri("/api/sales/{id}/queue/draw", saleId).exchange().expectStatus().isNotFound();
        client().get().uri("/api/sales/{id}/queue/draw", 987_654_321L).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "sale-not-found");

        enableRoom(saleId, null, 5, "PT1M");
        client().get().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "queue-not-found");
        client().get().uri("/api/sales/{id}/queue/draw", saleId).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.seedSha256").isNotEmpty();
        client().get().uri("/admin/api/sales/{id}/waiting-room", saleId).headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.admitPerSecond").isEqualTo(5).jsonPath("$.enabled").isEqualTo(true);
        client().get().uri("/admin/api/sales/{id}/waiting-room", saleId).headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aPreQueueOpensBeforeTheSaleIsDrawnAtTheStartAndClosedBeforeItOpens() throws Exception {
        long productId = createProduct(10_000).get("id").asLong();
        Instant startsAt = Instant.now().plusSeconds(3);
        long saleId = createSale(productId, 7_000, 100, 1, startsAt, startsAt.plus(Duration.ofMinutes(2))).get("id").asLong();
        enableRoom(saleId, Instant.now().plusSeconds(1), 1, "PT1M");
        client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "queue-closed");
        Thread.sleep(1_100);
        String commitment = client().get().uri("/api/sales/{id}/queue/draw", saleId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("seedSha256").asString();
        java.util.List<String> shoppers = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String token = newShopperToken();
            shoppers.add(token);
            JsonNode ticket = client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token))
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            assertThat(ticket.get("status").asString()).isEqualTo("PRE_QUEUE");
        }
        JsonNode draw = awaitDraw(saleId);
        assertThat(draw.get("seedSha256").asString()).isEqualTo(commitment);
        assertThat(Queue.sha256(draw.get("seed").asString())).isEqualTo(commitment);
        assertThat(draw.get("entrants").asInt()).isEqualTo(8);
        java.util.List<Long> drawn = QueueScriptsTest.recomputeDraw(draw.get("seed").asString(), 8);
        java.util.TreeMap<Long, Long> ticketAtPosition = new java.util.TreeMap<>();
        long admissionsBefore;
        do {  // the places of one moment: read again if an admission moved them while the tickets were read
            admissionsBefore = queue.live(saleId, 0).block().admissions();
            ticketAtPosition.clear();
            for (String shopper : shoppers) {
                JsonNode ticket = client().get().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(shopper))
                        .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
                if (ticket.get("status").asString().equals("WAITING")) {
                    ticketAtPosition.put(ticket.get("position").asLong(), ticket.get("ticketId").asLong());
                }
            }
        } while (queue.live(saleId, 0).block().admissions() != admissionsBefore);
        // admissions (one a second) take shoppers off the head; those still waiting keep the drawn order
        assertThat(ticketAtPosition).isNotEmpty();
        java.util.List<Long> waiting = new java.util.ArrayList<>(ticketAtPosition.values());
        assertThat(drawn.subList(drawn.size() - waiting.size(), drawn.size())).isEqualTo(waiting);
        assertThat(ticketAtPosition.firstKey()).isEqualTo(1);
    }

    /**
     * A sale open for two minutes: ended long before the later test classes that share this database
     * count the live sales (the MCP tool lists at most 100, the scrape carries gauges per live sale).
     */
    private long shortSale(int quantity, int perUserLimit) {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        return createSale(productId, 7_000, quantity, perUserLimit, now.minusSeconds(60), now.plus(Duration.ofMinutes(2)))
                .get("id").asLong();
    }

    private JsonNode awaitDraw(long saleId) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonNode draw = client().get().uri("/api/sales/{id}/queue/draw", saleId).exchange()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
            if (draw.hasNonNull("seed")) {
                return draw;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no draw");
    }

    private void enableRoom(long saleId, Instant opensAt, int perSecond, String ttl) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("enabled", true, "admitPerSecond", perSecond, "admissionTtl", ttl));
        if (opensAt != null) {
            body.put("opensAt", opensAt.toString());
        }
        client().put().uri("/admin/api/sales/{id}/waiting-room", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange().expectStatus().isOk();
    }

    private String joined(long saleId, String token) {
        client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk();
        return token;
    }

    private String awaitAdmission(long saleId, String token) {
        for (int i = 0; i < 100; i++) {
            JsonNode ticket = client().get().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token))
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            if (ticket.hasNonNull("admissionToken")) {
                assertThat(ticket.get("status").asString()).isEqualTo("ADMITTED");
                return ticket.get("admissionToken").asString();
            }
            sleep(100);
        }
        throw new AssertionError("not admitted");
    }

    private WebTestClient.ResponseSpec reserve(long saleId, String token, String admission, String idempotencyKey) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> {
                    h.setBearerAuth(token);
                    h.set("Idempotency-Key", idempotencyKey);
                    if (admission != null) {
                        h.set("X-Admission-Token", admission);
                    }
                }).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1)).exchange();
    }

    private static String subject(String token) {
        String payload = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return payload.replaceAll(".*\"sub\":\"([^\"]+)\".*", "$1");
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
