package dev.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A queued shopper's open notification stream: the place as it moves, the admission with its token
 * (enough to reserve), and "sold out" within 2 s of the last unit being held, with the waitlist
 * offered; the open stream keeps the place as a poll would.
 */
class QueuePushTest extends NotificationTestSupport {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void queuedShoppersAreToldTheirPlaceTheirAdmissionAndTheSellOutOverTheirStream() throws InterruptedException {
        long saleId = saleOf(2);
        enableRoom(saleId);
        List<String> streaming = List.of(shopper("first"), shopper("second"), shopper("third"), shopper("fourth"));
        List<Stream> streams = streaming.stream().map(s -> openStream(token(s), null)).toList();
        String silent = token(shopper("silent"));
        streaming.forEach(s -> join(saleId, token(s)));
        join(saleId, silent);
        long silentJoined = System.currentTimeMillis();

        for (int i = 0; i < 2; i++) {
            Stream stream = streams.get(i);
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> !notices(stream, "QUEUE_ADMITTED").isEmpty());
            JsonNode admitted = notices(stream, "QUEUE_ADMITTED").get(0);
            assertThat(admitted.get("saleId").asLong()).isEqualTo(saleId);
            reserve(saleId, token(streaming.get(i)), admitted.get("queue").get("admissionToken").asString());
        }
        // the last unit is held: everyone still queued hears it within 2 s, and may join the waitlist
        Awaitility.await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> !notices(streams.get(2), "QUEUE_SOLD_OUT").isEmpty() && !notices(streams.get(3), "QUEUE_SOLD_OUT").isEmpty());
        JsonNode soldOut = notices(streams.get(3), "QUEUE_SOLD_OUT").get(0);
        assertThat(soldOut.get("message").asString()).contains("품절").contains("대기 신청");
        assertThat(soldOut.get("queue").get("status").asString()).isEqualTo("SOLD_OUT");
        client().post().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(token(streaming.get(3))))
                .exchange().expectStatus().isCreated();

        List<Long> places = notices(streams.get(3), "QUEUE_POSITION").stream().map(n -> n.get("queue").get("position").asLong()).toList();
        assertThat(places).as("told each move once, in order").isNotEmpty().isSortedAccordingTo((a, b) -> Long.compare(b, a))
                .doesNotHaveDuplicates();
        assertThat(places.get(0)).isIn(2L, 3L, 4L);  // 4th to join; one or two may be admitted before the first push

        // beyond leave-after (2 s) the silent shopper leaves; the streaming ones, who never polled, stay
        // (checked before the 4 s holds run out and reopen admission)
        // (a poll is a heartbeat too: the silent shopper's ticket is read once, after leave-after and a tick)
        Thread.sleep(Math.max(0, silentJoined + 2_600 - System.currentTimeMillis()));
        assertThat(ticket(saleId, silent).get("status").asString()).isEqualTo("LEFT");
        assertThat(ticket(saleId, token(streaming.get(2))).get("status").asString()).isIn("SOLD_OUT", "ADMITTED");
        assertThat(list(token(streaming.get(3))).findValues("type").stream().map(JsonNode::asString))
                .as("live only: not stored").noneMatch(type -> type.startsWith("QUEUE_"));
    }

    private static String shopper(String name) {
        return "nt-queue-" + name + "-" + System.nanoTime();
    }

    private static List<JsonNode> notices(Stream stream, String type) {
        return stream.notifications().stream().map(e -> JSON.readTree(e.data()))
                .filter(n -> n.get("type").asString().equals(type)).toList();
    }

    private long saleOf(int units) {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        // over in 45 s (the test needs about 15): later test classes rank every live sale (recommendations)
        return createSale(productId, 7_000, units, 1, now.minusSeconds(60), now.plusSeconds(45)).get("id").asLong();
    }

    /** One admission a second, so the places move while the test watches. */
    private void enableRoom(long saleId) {
        client().put().uri("/admin/api/sales/{id}/waiting-room", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true, "admitPerSecond", 1, "admissionTtl", "PT30S")).exchange().expectStatus().isOk();
    }

    private void join(long saleId, String token) {
        client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk();
    }

    private JsonNode ticket(long saleId, String token) {
        return client().get().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void reserve(long saleId, String token, String admission) {
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> {
                    h.setBearerAuth(token);
                    h.set("X-Admission-Token", admission);
                }).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange().expectStatus().isCreated();
    }
}
