package dev.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

/**
 * HOLD_EXPIRING goes out once, {@code remind-before} (2 s here) before the deadline of a hold still
 * HELD (holds last 4 s here), and never for a hold that ended first.
 */
class HoldReminderTest extends NotificationTestSupport {

    @Autowired
    ApplicationContext context;

    /**
     * With the ledger consumer stopped, closed holds stay in Redis (it purges them once committed),
     * so the reminder of the released hold meets it RELEASED rather than gone.
     */
    @Test
    void aHoldStillHeldIsRemindedOnceAndAReleasedOneNever() {
        SmartLifecycle ledger = context.getBean("ledgerConsumer", SmartLifecycle.class);
        ledger.stop();
        try {
            remindsTheKeptHoldOnly();
        } finally {
            ledger.start();
        }
    }

    private void remindsTheKeptHoldOnly() {
        long saleId = shortSale();
        String kept = "nt-kept-" + System.nanoTime();
        String released = "nt-released-" + System.nanoTime();
        JsonNode keptHold = reserve(saleId, token(kept));
        JsonNode releasedHold = reserve(saleId, token(released));
        client().delete().uri("/api/reservations/{id}", releasedHold.get("id").asString())
                .headers(h -> h.setBearerAuth(token(released))).exchange().expectStatus().isNoContent();

        // the kept hold runs out; by then its reminder time and the released one's have long passed
        Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> "EXPIRED".equals(client().get()
                .uri("/api/reservations/{id}", keptHold.get("id").asString()).headers(h -> h.setBearerAuth(token(kept)))
                .exchange().expectBody(JsonNode.class).returnResult().getResponseBody().get("status").asString()));
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> redis.hasKey(Reminders.key(saleId)).block() == Boolean.FALSE);

        JsonNode reminders = list(token(kept));
        assertThat(reminders).hasSize(1);
        JsonNode reminder = reminders.get(0);
        assertThat(reminder.get("type").asString()).isEqualTo("HOLD_EXPIRING");
        assertThat(reminder.get("holdId").asString()).isEqualTo(keptHold.get("id").asString());
        assertThat(Instant.parse(reminder.get("deadline").asString()))
                .isEqualTo(Instant.parse(keptHold.get("expiresAt").asString()));
        assertThat(Instant.parse(reminder.get("createdAt").asString()))
                .isBefore(Instant.parse(keptHold.get("expiresAt").asString()));
        assertThat(reminder.get("message").asString()).isEqualTo("장바구니에 담은 상품이 2초 후 만료됩니다");
        assertThat(list(token(released))).isEmpty();
    }

    private JsonNode reserve(long saleId, String token) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1))
                .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
