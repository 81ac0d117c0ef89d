package dev.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A waiting shopper's open stream tells their place on the waitlist, and again each time it moves. */
class WaitlistPositionTest extends NotificationTestSupport {

    @Test
    void aWaitingShopperIsToldTheirPositionAndEachMove() {
        long saleId = openSale(1, 1);
        reserve(saleId, newShopperToken());
        String ahead = newShopperToken();
        String shopper = "nt-wait-" + System.nanoTime();
        Stream stream = openStream(token(shopper), null);
        join(saleId, ahead);
        join(saleId, token(shopper));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> positions(stream, saleId).contains(2L));
        client().delete().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(ahead)).exchange()
                .expectStatus().isOk();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> positions(stream, saleId).contains(1L));

        assertThat(positions(stream, saleId)).as("told once per move").containsExactly(2L, 1L);
        JsonNode notice = JsonMapper.builder().build().readTree(stream.notifications().get(0).data());
        assertThat(stream.notifications().get(0).id()).as("live only: no SSE id").isNull();
        assertThat(notice.get("message").asString()).isEqualTo("대기 순번 2번째입니다.");
        assertThat(list(token(shopper)).findValues("type").stream().map(JsonNode::asString))
                .as("not stored").doesNotContain("WAITLIST_POSITION");
    }

    private List<Long> positions(Stream stream, long saleId) {
        JsonMapper json = JsonMapper.builder().build();
        return stream.notifications().stream().map(e -> json.readTree(e.data()))
                .filter(n -> n.get("type").asString().equals("WAITLIST_POSITION") && n.get("saleId").asLong() == saleId)
                .map(n -> Long.parseLong(n.get("message").asString().replaceAll("\\D", "")))
                .toList();
    }

    private void reserve(long saleId, String token) {
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange().expectStatus().isCreated();
    }

    private void join(long saleId, String token) {
        client().post().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isCreated();
    }
}
