package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import dev.flashsale.reservation.SaleKeys;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11 item 1. A PAID webhook confirms a hold in Redis, writes the ledger and answers 200; then
 * Redis loses that write (AOF {@code everysec} and a crash before the fsync, or an async replica
 * promoted): it comes back with the hold HELD, its deadline passed and the counters as before the
 * confirm. The loss is simulated by writing exactly that state back (the confirm and the purge of
 * the closed hold undone). The ledger's CONFIRMED must win: the hold CONFIRMED in Redis again, its
 * unit sold, never granted to another shopper, and Redis and the ledger in sync.
 */
class PaidHoldAfterLostWriteTest extends LedgerTestSupport {


    @Autowired
    PaidHoldRepair repair;

    /**
     * Each test drives one repair path; the background repair (at start-up, on a Redis reconnection and
     * every {@code reconcile-every}) would otherwise race it to the hold and make the test pass, or
     * fail, by timing.
     */
    @BeforeEach
    void backgroundRepairStopped() {
        repair.stop();
    }

    @AfterEach
    void backgroundRepairRestarted() {
        repair.start();
    }

    @Test
    void aPaidHoldThatRedisExpiresAfterLosingTheConfirmIsConfirmedAgainAndNotResold() {
        long saleId = openSale(1, 1);
        SaleKeys keys = new SaleKeys(saleId);
        String shopper = "paid-" + UUID.randomUUID();
        String holdId = reserve(saleId, token(shopper));
        paid(holdId);
        Instant createdAt = Instant.now().minus(Duration.ofMinutes(11));
        loseTheConfirm(keys, holdId, shopper, createdAt, Instant.now().minusSeconds(1));

        // the sweeper expires the hold Redis came back with; the ledger consumer sees the clash
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(expiredEventApplied(holdId)).as("Redis expired the hold and the ledger saw it").isTrue();
            assertThat(redisStateOrPurged(keys, holdId)).as("Redis state of the paid hold").isEqualTo("CONFIRMED");
        });

        assertPaidUnitSoldOnce(saleId, keys, holdId);
        assertThat(repair.candidates(saleId).collectList().block()).as("a repaired clash is not re-checked").isEmpty();
    }

    @Test
    void aPaidHoldThatRedisHasHeldAgainIsConfirmedByTheRestartRepairBeforeItExpires() {
        long saleId = openSale(1, 1);
        SaleKeys keys = new SaleKeys(saleId);
        String shopper = "paid-" + UUID.randomUUID();
        String holdId = reserve(saleId, token(shopper));
        paid(holdId);
        loseTheConfirm(keys, holdId, shopper, Instant.now(), Instant.now().plus(Duration.ofMinutes(10)));
        assertStock(saleId, 0, 1, 0);

        // what runs on every Redis (re)connection, at start-up and periodically
        assertThat(repair.sale(saleId).block()).isEqualTo(1);
        assertThat(repair.sale(saleId).block()).as("idempotent").isZero();

        assertPaidUnitSoldOnce(saleId, keys, holdId);
    }

    private void paid(String holdId) {
        JsonNode answer = webhook("evt-paid-" + holdId, holdId, "PAID").expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(answer.get("result").asString()).isEqualTo("CONFIRMED");
        assertThat(reservationRow(holdId).get("status")).isEqualTo("CONFIRMED");
        // the stream is applied and the closed hold purged from Redis, so nothing races the simulated loss
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> !redis.hasKey(new SaleKeys(Holdsale.of(holdId)).hold(holdId)).block());
    }

    private void assertPaidUnitSoldOnce(long saleId, SaleKeys keys, String holdId) {
        assertThat(redisStateOrPurged(keys, holdId)).isEqualTo("CONFIRMED");
        assertStock(saleId, 0, 0, 1);
        // the unit is not granted again
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange()
                .expectStatus().isEqualTo(409);
        assertStock(saleId, 0, 0, 1);
        assertThat(reservationRow(holdId).get("status")).isEqualTo("CONFIRMED");
        JsonNode report = drained(saleId, Duration.ofSeconds(15));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("redis").get("sold").asLong()).isEqualTo(1);
        assertThat(report.get("ledger").get("sold").asLong()).isEqualTo(1);
    }

    private boolean expiredEventApplied(String holdId) {
        return db.sql("select count(*) as n from ledger_event where reservation_id = :id and type = 'EXPIRED'")
                .bind("id", holdId).map(r -> r.get("n", Long.class)).one().block() > 0;
    }

    private String redisState(SaleKeys keys, String id) {
        return (String) redis.opsForHash().get(keys.hold(id), "state").block();
    }

    /** A repaired hold is CONFIRMED in Redis and the ledger alike, so it may be purged as such. */
    private String redisStateOrPurged(SaleKeys keys, String id) {
        return java.util.Optional.ofNullable(redisState(keys, id)).orElse("CONFIRMED");
    }

    private static final class Holdsale {
        static long of(String holdId) {
            return dev.flashsale.reservation.Holds.saleOf(holdId).orElseThrow();
        }
    }
}
