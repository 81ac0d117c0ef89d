package dev.flashsale.ledger;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.reservation.SaleKeys;
import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Shared set-up of the ledger tests: signed webhooks, reconciliation and ledger queries. */
@TestPropertySource(properties = {"flashsale.webhooks.secrets.coupang=" + LedgerTestSupport.SECRET,
        "flashsale.ledger.claim-after=1s", "flashsale.reservation.hold-duration=10m"})
abstract class LedgerTestSupport extends IntegrationTest {

    static final String SECRET = "coupang-webhook-test-secret";

    @Autowired
    DatabaseClient db;

    @Autowired
    ReactiveStringRedisTemplate redis;

    String reserve(long saleId, String token) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange()
                .expectStatus().isCreated().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("id").asString();
    }

    WebTestClient.ResponseSpec webhook(String eventId, String reservationId, String status) {
        String body = "{\"eventId\":\"" + eventId + "\",\"reservationId\":\"" + reservationId + "\",\"status\":\""
                + status + "\",\"orderId\":\"CP-" + eventId + "\",\"amount\":7000}";
        return signed(body, Instant.now(), SECRET);
    }

    WebTestClient.ResponseSpec signed(String body, Instant timestamp, String secret) {
        String ts = String.valueOf(timestamp.getEpochSecond());
        return client().post().uri("/api/webhooks/coupang/orders").contentType(MediaType.APPLICATION_JSON)
                .header("X-Timestamp", ts).header("X-Signature", WebhookSignatureForTests.sign(secret, ts, body))
                .bodyValue(body).exchange();
    }

    JsonNode reconciliation(long saleId) {
        return client().get().uri("/admin/api/sales/{id}/reconciliation", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** Waits until the sale's stream is fully applied, then returns the reconciliation report. */
    JsonNode drained(long saleId, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(200))
                .until(() -> reconciliation(saleId).get("streamDrained").asBoolean());
        return reconciliation(saleId);
    }

    long ledgerEvents(long saleId) {
        return db.sql("select count(*) as n from ledger_event where sale_id = :s").bind("s", saleId)
                .map(row -> row.get("n", Long.class)).one().block();
    }

    Map<String, Object> reservationRow(String id) {
        return db.sql("select status, version, payment_ref from reservation where id = :id").bind("id", id)
                .fetch().one().block();
    }

    /**
     * Redis as it comes back without the confirm (and without the purge that followed it), written in
     * one script so that the sweeper never sees half of it.
     */
    void loseTheConfirm(SaleKeys keys, String holdId, String shopper, Instant createdAt, Instant deadline) {
        String script = """
                redis.call('HSET', KEYS[1], 'user', ARGV[2], 'qty', '1', 'state', 'HELD', 'created', ARGV[3], 'deadline', ARGV[4])
                redis.call('ZADD', KEYS[2], ARGV[4], ARGV[1])
                redis.call('SADD', KEYS[3], ARGV[1])
                redis.call('HINCRBY', KEYS[4], 'held', 1)
                redis.call('HINCRBY', KEYS[4], 'sold', -1)
                return 1""";
        redis.execute(RedisScript.of(script, Long.class),
                List.of(keys.hold(holdId), keys.deadlines(), keys.shopperHolds(shopper), keys.stock()),
                List.of(holdId, shopper, String.valueOf(createdAt.toEpochMilli()), String.valueOf(deadline.toEpochMilli())))
                .blockLast();
    }
}
