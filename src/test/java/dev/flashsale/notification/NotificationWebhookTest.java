package dev.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;

import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * The webhook channel against an outside party ({@link WebhookReceiver}): every POST signed, failed
 * attempts retried with backoff, a notification no attempt got through a dead letter after three.
 */
class NotificationWebhookTest extends NotificationTestSupport {

    @Autowired
    DatabaseClient db;
    @Autowired
    OutboundDelivery delivery;
    @Autowired
    MeterRegistry registry;

    @Test
    void eachNotificationIsPostedSignedAndMarkedSent() {
        String shopper = "ok-" + System.nanoTime();
        long id = notificationOf(shopper);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(state(id)));
        assertThat(RECEIVER.deliveriesOf(id)).singleElement().satisfies(d -> {
            assertThat(d.signatureValid()).isTrue();
            assertThat(d.shopper()).isEqualTo(shopper);
            assertThat(d.type()).isEqualTo("PAYMENT_CONFIRMED");
        });
    }

    @Test
    void failedAttemptsAreRetriedUntilTheReceiverTakesIt() {
        long id = notificationOf("flaky-" + System.nanoTime());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(state(id)));
        assertThat(RECEIVER.deliveriesOf(id)).extracting(WebhookReceiver.Delivery::status).containsExactly(500, 500, 204);
        assertThat(RECEIVER.deliveriesOf(id)).allMatch(WebhookReceiver.Delivery::signatureValid);
        assertThat(attempts(id)).isEqualTo(3);
    }

    @Test
    void aNotificationEveryAttemptFailsForIsADeadLetterForOperators() {
        double deadBefore = deadCount();
        long id = notificationOf("always-fail-" + System.nanoTime());

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "DEAD".equals(state(id)));
        assertThat(RECEIVER.deliveriesOf(id)).hasSize(3);
        JsonNode deadLetters = client().get().uri("/admin/api/notifications/dead-letters")
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode letter = deadLetters.get(0);
        assertThat(letter.get("id").asLong()).isEqualTo(id);
        assertThat(letter.get("attempts").asInt()).isEqualTo(3);
        assertThat(letter.get("lastError").asString()).contains("500");
        assertThat(deadCount()).isEqualTo(deadBefore + 1);
        client().get().uri("/admin/api/notifications/dead-letters").headers(h -> h.setBearerAuth(newShopperToken()))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void aNotificationStoredWhileDeliveryIsDownIsSentWhenItRunsAgain() {
        delivery.stop();
        long id;
        try {
            id = notificationOf("ok-restart-" + System.nanoTime());
            assertThat(state(id)).isEqualTo("PENDING");
            assertThat(RECEIVER.deliveriesOf(id)).isEmpty();
        } finally {
            delivery.start();
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> "SENT".equals(state(id)));
        assertThat(RECEIVER.deliveriesOf(id)).hasSize(1);
    }

    /** A CONFIRMED event for the shopper; returns the id of the notification it made. */
    private long notificationOf(String shopper) {
        long saleId = pastSale();
        confirmed(saleId, shopper, holdId(saleId));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> list(token(shopper)).size() == 1);
        return list(token(shopper)).get(0).get("id").asLong();
    }

    private String state(long id) {
        return db.sql("select outbound_state from notification where id = :id").bind("id", id)
                .map(row -> row.get(0, String.class)).one().block();
    }

    private int attempts(long id) {
        return db.sql("select attempts from notification where id = :id").bind("id", id)
                .map(row -> row.get(0, Integer.class)).one().block();
    }

    private double deadCount() {
        return registry.find("flashsale.notifications.outbound").tag("outcome", "dead").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }
}
