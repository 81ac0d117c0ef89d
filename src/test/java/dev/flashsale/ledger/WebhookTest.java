package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class WebhookTest extends LedgerTestSupport {

    private static final String PROBLEMS = "https://flashsale.dev/problems/";

    /**
     * The stream consumer is stopped (and no pass of it still running), so the CONFIRMED row found
     * right after the 200 can only have been written by the webhook itself, before it answered.
     */
    @Test
    void paidConfirmsTheHoldAndIsDurableBeforeTheAnswer() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        consumer.stop();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> consumer.passesRunning() == 0);

            webhook("evt-paid-" + id, id, "PAID").expectStatus().isOk()
                    .expectBody().jsonPath("$.result").isEqualTo("CONFIRMED").jsonPath("$.reservationId").isEqualTo(id);

            assertThat(reservationRow(id)).containsEntry("status", "CONFIRMED")
                    .containsEntry("payment_ref", "COUPANG:CP-evt-paid-" + id);
            assertThat(reconciliation(saleId).get("streamDrained").asBoolean())
                    .as("the consumer has not applied the stream").isFalse();
            assertStock(saleId, 9, 0, 1);
        } finally {
            consumer.start();
        }
        assertThat(drained(saleId, Duration.ofSeconds(10)).get("inSync").asBoolean()).isTrue();
        assertThat(db.sql("select count(*) as n from ledger_event where reservation_id = :id and type = 'CONFIRMED'")
                .bind("id", id).map(r -> r.get("n", Long.class)).one().block()).as("applied once").isEqualTo(1);
    }

    @org.springframework.beans.factory.annotation.Autowired
    LedgerConsumer consumer;

    @Test
    void aRetriedDeliveryGetsTheSameAnswerAndAReusedIdWithOtherContentIsAReplay() {
        long saleId = openSale(10, 2);
        String token = newShopperToken();
        String id = reserve(saleId, token);
        String other = reserve(saleId, token);
        String first = webhook("evt-r-" + id, id, "PAID").expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        String again = webhook("evt-r-" + id, id, "PAID").expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(again).isEqualTo(first);
        webhook("evt-r-" + id, other, "PAID").expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "replayed");
        assertStock(saleId, 8, 1, 1);
    }

    @Test
    void twoDeliveriesRacingConfirmOnceAndAnswerAlike() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        List<String> answers = Flux.range(0, 8)
                .flatMap(i -> Mono.fromCallable(() -> webhook(i % 2 == 0 ? "evt-a-" + id : "evt-b-" + id, id, "PAID")
                        .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                        .get("result").asString()).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 8)
                .collectList().block();
        assertThat(answers).containsOnly("CONFIRMED");
        assertStock(saleId, 9, 0, 1);
        JsonNode report = drained(saleId, Duration.ofSeconds(10));
        assertThat(report.get("inSync").asBoolean()).isTrue();
        assertThat(db.sql("select count(*) as n from ledger_event where reservation_id = :id and type = 'CONFIRMED'")
                .bind("id", id).map(r -> r.get("n", Long.class)).one().block()).isEqualTo(1);
    }

    @Test
    void failedPaymentReleasesTheHold() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        webhook("evt-f-" + id, id, "FAILED").expectStatus().isOk().expectBody().jsonPath("$.result").isEqualTo("RELEASED");
        assertStock(saleId, 10, 0, 0);
        webhook("evt-f2-" + id, id, "PAID").expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo("LATE_PAYMENT").jsonPath("$.holdStatus").isEqualTo("RELEASED");
        assertStock(saleId, 10, 0, 0);
    }

    @Test
    void latePaymentForAnExpiredHoldIsRecordedAndTakesNoUnit() {
        long saleId = openSale(1, 1);
        String id = reserve(saleId, newShopperToken());
        expireNow(saleId, id); // then another shopper takes the unit back in stock
        String taker = reserve(saleId, newShopperToken());
        webhook("evt-late-" + id, id, "PAID").expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo("LATE_PAYMENT").jsonPath("$.refund").isEqualTo("REQUIRED");
        assertStock(saleId, 0, 1, 0);
        client().get().uri("/admin/api/late-payments").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$[?(@.reservationId == '" + id + "')].holdStatus").isEqualTo("EXPIRED");
        assertThat(taker).isNotEqualTo(id);
    }

    @Test
    void badSignatureStaleTimestampMalformedBodyAndUnknownsChangeNothing() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        String body = "{\"eventId\":\"evt-x\",\"reservationId\":\"" + id + "\",\"status\":\"PAID\"}";
        signed(body, Instant.now(), "wrong-secret").expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "bad-signature");
        signed(body, Instant.now().minus(Duration.ofMinutes(10)), SECRET).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "bad-signature");
        client().post().uri("/api/webhooks/coupang/orders").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isUnauthorized();
        signed("{\"eventId\":", Instant.now(), SECRET).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + "invalid-request");
        signed("{\"eventId\":\"e\",\"status\":\"PAID\"}", Instant.now(), SECRET).expectStatus().isBadRequest();
        signed("{\"eventId\":\"e2\",\"reservationId\":\"" + id + "\",\"status\":\"REFUNDED\"}", Instant.now(), SECRET)
                .expectStatus().isBadRequest();
        webhook("evt-unknown", "987654321-" + "0".repeat(32), "PAID").expectStatus().isNotFound()
                .expectBody().jsonPath("$.result").isEqualTo("UNKNOWN_RESERVATION");
        webhook("evt-garbage", "not-a-reservation", "PAID").expectStatus().isNotFound();
        client().post().uri("/api/webhooks/amazon/orders").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isNotFound();
        assertStock(saleId, 9, 1, 0);
    }

    @Test
    void aPaymentForAHoldRedisNoLongerKnowsIsRecordedNotLost() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        drained(saleId, Duration.ofSeconds(10));
        redis.delete(new dev.flashsale.reservation.SaleKeys(saleId).hold(id)).block(); // Redis lost it

        webhook("evt-lost-" + id, id, "PAID").expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo("LATE_PAYMENT").jsonPath("$.holdStatus").isEqualTo("HELD");
        String ghost = saleId + "-" + "0".repeat(32); // a hold whose every trace was lost with Redis
        webhook("evt-ghost-" + saleId, ghost, "PAID").expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo("LATE_PAYMENT").jsonPath("$.holdStatus").isEqualTo("UNKNOWN");
        client().get().uri("/admin/api/late-payments").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectBody()
                .jsonPath("$[?(@.reservationId == '" + id + "')]").exists()
                .jsonPath("$[?(@.reservationId == '" + ghost + "')]").exists();
    }

    @Test
    void anOrderIdTooLongForTheLedgerIsRefusedBeforeAnythingChanges() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        String body = "{\"eventId\":\"evt-long\",\"reservationId\":\"" + id + "\",\"status\":\"PAID\",\"orderId\":\""
                + "9".repeat(101) + "\"}";
        signed(body, Instant.now(), SECRET).expectStatus().isBadRequest();
        assertStock(saleId, 9, 1, 0);
    }

    @Test
    void aLongEventIdWithoutOrderIdIsRefusedBeforeAnythingChanges() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        String body = "{\"eventId\":\"" + "e".repeat(128) + "\",\"reservationId\":\"" + id + "\",\"status\":\"PAID\"}";
        signed(body, Instant.now(), SECRET).expectStatus().isBadRequest().expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEMS + "invalid-request")
                .jsonPath("$.errors[0].field").isEqualTo("eventId");
        signed(body, Instant.now(), SECRET).expectStatus().isBadRequest();
        assertStock(saleId, 9, 1, 0);
        // the same id is fine when the order id is the reference
        String withOrder = "{\"eventId\":\"" + "e".repeat(128) + "\",\"reservationId\":\"" + id
                + "\",\"status\":\"PAID\",\"orderId\":\"O-1\"}";
        signed(withOrder, Instant.now(), SECRET).expectStatus().isOk();
        assertStock(saleId, 9, 0, 1);
    }

    private void expireNow(long saleId, String id) {
        // the hold's deadline is 10 minutes away; move it into the past the way time would
        redisDeadlineInThePast(saleId, id);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> client().get().uri("/api/sales/{s}/stock", saleId).exchange()
                        .expectBody(JsonNode.class).returnResult().getResponseBody().get("available").asLong() == 1);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.redis.core.ReactiveStringRedisTemplate redis;

    private void redisDeadlineInThePast(long saleId, String id) {
        dev.flashsale.reservation.SaleKeys keys = new dev.flashsale.reservation.SaleKeys(saleId);
        long past = Instant.now().minusSeconds(1).toEpochMilli();
        redis.opsForHash().put(keys.hold(id), "deadline", String.valueOf(past)).block();
        redis.opsForZSet().add(keys.deadlines(), id, past).block();
    }
}
