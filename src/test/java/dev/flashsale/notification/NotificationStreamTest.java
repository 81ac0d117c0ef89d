package dev.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;

import dev.flashsale.reservation.EngineCommands;
import dev.flashsale.reservation.SaleEventGroup;
import io.lettuce.core.StreamMessage;
import tools.jackson.databind.JsonNode;

/** A shopper's notifications: made once per event, live on their own streams, listed and replayed from Postgres. */
class NotificationStreamTest extends NotificationTestSupport {

    @Autowired
    NotificationFeed feed;
    @Autowired
    EventReactions reactions;
    @Autowired
    EngineCommands engine;

    @Test
    void aConfirmedEventReachesTheShoppersOpenStreamAsPaymentConfirmed() {
        long saleId = pastSale();
        String shopper = "nt-live-" + System.nanoTime();
        Stream stream = openStream(token(shopper), null);
        String holdId = holdId(saleId);

        confirmed(saleId, shopper, holdId);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.notifications().size() == 1);
        var event = stream.notifications().get(0);
        JsonNode data = json(event.data());
        assertThat(event.id()).isEqualTo(data.get("id").asString());
        assertThat(data.get("type").asString()).isEqualTo("PAYMENT_CONFIRMED");
        assertThat(data.get("saleId").asLong()).isEqualTo(saleId);
        assertThat(data.get("holdId").asString()).isEqualTo(holdId);
        assertThat(data.get("title").asString()).isEqualTo("결제 완료");
        assertThat(data.get("message").asString()).isEqualTo("결제가 완료되어 주문이 확정되었습니다.");
        assertThat(data.has("deadline")).isFalse();
        assertThat(data.get("createdAt").asString()).isNotBlank();
    }

    @Test
    void onTheWireTheStreamOpensWithACommentEachNotificationIsAnEventWithItsIdAndKeepAlivesAreComments() {
        long saleId = pastSale();
        String shopper = "nt-wire-" + System.nanoTime();
        StringBuffer wire = new StringBuffer();
        reactor.core.Disposable raw = web().get().uri("/api/me/notifications/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> h.setBearerAuth(token(shopper))).retrieve().bodyToFlux(DataBuffer.class)
                .subscribe(buffer -> {
                    wire.append(buffer.toString(StandardCharsets.UTF_8));
                    DataBufferUtils.release(buffer);
                });
        try {
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wire.indexOf(":keep-alive\n\n") >= 0);
            assertThat(wire.toString()).as("the stream says it is open before any heartbeat").startsWith(":open\n\n");
            confirmed(saleId, shopper, holdId(saleId));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> wire.indexOf("data:") >= 0 && wire.indexOf("}\n\n") >= 0);
            long id = list(token(shopper)).get(0).get("id").asLong();
            assertThat(wire.toString()).contains("id:" + id + "\nevent:notification\ndata:{\"id\":" + id + ",\"type\":\"PAYMENT_CONFIRMED\"");
        } finally {
            raw.dispose();
        }
    }

    @Test
    void anEntryDeliveredTwiceAndClaimedByASecondConsumerIsStoredAndPushedOnce() {
        long saleId = endedSale();
        String shopper = "nt-twice-" + System.nanoTime();
        Stream stream = openStream(token(shopper), null);
        SaleEventGroup group = new SaleEventGroup(engine, NotificationFeed.GROUP);
        group.ensure(saleId).block();
        String entry = confirmed(saleId, shopper, holdId(saleId));

        // a first consumer reads the entry, stores and pushes it, and dies before acknowledging
        List<StreamMessage<String, String>> read = group.next(saleId, "consumer-that-dies", 10).block();
        assertThat(read).extracting(StreamMessage::getId).containsExactly(entry);
        reactions.on(saleId, entry, read.get(0).getBody()).block();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.notifications().size() == 1);

        // the service's consumer takes it over once it was left idle for claim-after, and handles it again
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> feed.claimStale(saleId).block() == 1);
        // and a plain redelivery of the same entry
        feed.handle(saleId, read).block();

        assertThat(redis.opsForStream().pending(new dev.flashsale.reservation.SaleKeys(saleId).events(), NotificationFeed.GROUP)
                .block().getTotalPendingMessages()).as("unacknowledged entries").isZero();
        assertThat(list(token(shopper))).hasSize(1);
        // a duplicate would have been published at once, and the stream keeps reading meanwhile
        confirmed(pastSale(), shopper, holdId(saleId));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.notifications().size() >= 2);
        assertThat(stream.notifications()).hasSize(2);
        assertThat(stream.notifications().stream().map(e -> e.id()).distinct()).hasSize(2);
    }

    @Test
    void theListShowsWhatWasMadeWhileNotConnectedNewestFirst() {
        long saleId = pastSale();
        String shopper = "nt-list-" + System.nanoTime();
        String first = holdId(saleId);
        String second = holdId(saleId);
        confirmed(saleId, shopper, first);
        confirmed(saleId, shopper, second);

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> list(token(shopper)).size() == 2);
        JsonNode list = list(token(shopper));
        assertThat(list.get(0).get("holdId").asString()).isEqualTo(second);
        assertThat(list.get(1).get("holdId").asString()).isEqualTo(first);
        assertThat(list.get(0).get("id").asLong()).isGreaterThan(list.get(1).get("id").asLong());
    }

    @Test
    void reconnectingWithLastEventIdSendsTheStoredOnesAfterItThenLiveOnes() {
        long saleId = pastSale();
        String shopper = "nt-resume-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            confirmed(saleId, shopper, holdId(saleId));
        }
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> list(token(shopper)).size() == 3);
        JsonNode list = list(token(shopper));
        String oldest = list.get(2).get("id").asString();

        Stream stream = openStream(token(shopper), oldest);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.notifications().size() == 2);
        confirmed(saleId, shopper, holdId(saleId));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> stream.notifications().size() >= 3);

        List<String> ids = stream.notifications().stream().map(e -> e.id()).toList();
        assertThat(ids).hasSize(3).containsSubsequence(list.get(1).get("id").asString(), list.get(0).get("id").asString());
        assertThat(ids.subList(0, 2)).containsExactly(list.get(1).get("id").asString(), list.get(0).get("id").asString());
        assertThat(Long.parseLong(ids.get(2))).isGreaterThan(list.get(0).get("id").asLong());
    }

    @Test
    void aShopperSeesOnlyTheirOwnNotifications() {
        long saleId = pastSale();
        String owner = "nt-owner-" + System.nanoTime();
        String other = "nt-other-" + System.nanoTime();
        Stream ownerStream = openStream(token(owner), null);
        Stream otherStream = openStream(token(other), "0");

        confirmed(saleId, owner, holdId(saleId));

        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> ownerStream.notifications().size() == 1);
        assertThat(list(token(owner))).hasSize(1);
        assertThat(list(token(other))).isEmpty();
        // the other's stream was open all along (and asked for everything stored since id 0)
        assertThat(otherStream.notifications()).isEmpty();
    }

    @Test
    void offersAndExpiredOffersAreNotifiedOtherOfferEndingsAreNot() {
        long saleId = pastSale();
        String shopper = "nt-offer-" + System.nanoTime();
        long deadline = System.currentTimeMillis() + 180_000;
        String now = String.valueOf(System.currentTimeMillis());
        xadd(saleId, Map.of("type", "OFFERED", "user", shopper, "qty", "2", "at", now, "deadline", String.valueOf(deadline)));
        xadd(saleId, Map.of("type", "OFFER_ENDED", "user", shopper, "qty", "2", "at", now, "reason", "CLAIMED"));
        xadd(saleId, Map.of("type", "OFFER_ENDED", "user", shopper, "qty", "2", "at", now, "reason", "EXPIRED"));
        xadd(saleId, Map.of("type", "OFFER_ENDED", "user", shopper, "qty", "2", "at", now, "reason", "LEFT"));
        confirmed(saleId, shopper, holdId(saleId)); // after all of them in the stream: once it is listed, they were read

        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> list(token(shopper)).findValues("type").stream().anyMatch(t -> t.asString().equals("PAYMENT_CONFIRMED")));
        JsonNode list = list(token(shopper));
        assertThat(list.findValues("type")).extracting(JsonNode::asString)
                .containsExactly("PAYMENT_CONFIRMED", "OFFER_EXPIRED", "OFFER");
        JsonNode offer = list.get(2);
        assertThat(java.time.Instant.parse(offer.get("deadline").asString()).toEpochMilli()).isEqualTo(deadline);
        assertThat(offer.get("message").asString()).contains("2개");
        assertThat(offer.has("holdId")).isFalse();
    }

    @Test
    void withoutATokenBothAre401() {
        client().get().uri("/api/me/notifications").exchange().expectStatus().isUnauthorized();
        client().get().uri("/api/me/notifications/stream").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void aThirdStreamOfOneShopperIs503WithRetryAfter() {
        String token = token("nt-caps-" + System.nanoTime());
        openStream(token, null);
        openStream(token, null);
        client().get().uri("/api/me/notifications/stream").headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().valueEquals("Retry-After", "10")
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/service-unavailable");
    }

    private static JsonNode json(String data) {
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(data);
    }
}
