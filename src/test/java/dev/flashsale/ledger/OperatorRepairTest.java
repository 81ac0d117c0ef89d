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

import dev.flashsale.reservation.SaleKeys;
import tools.jackson.databind.JsonNode;

/**
 * Issue 14 item 2: the operator's repair. Redis loses a confirmed payment (the hold HELD again, its
 * unit counted held, not sold); the dry run lists it and changes nothing; the applied run makes Redis
 * agree with the ledger, keeps conservation, and leaves an audit entry; a second run finds nothing.
 */
class OperatorRepairTest extends LedgerTestSupport {

    @Autowired
    PaidHoldRepair background;

    /** The background repair would fix the hold on its own and leave the operator nothing to see. */
    @BeforeEach
    void backgroundRepairStopped() {
        background.stop();
    }

    @AfterEach
    void backgroundRepairRestarted() {
        background.start();
    }

    @Test
    void aDryRunListsTheLostPaymentAndAnAppliedRunRepairsAndAuditsIt() {
        long saleId = openSale(2, 1);
        String shopper = "repair-" + UUID.randomUUID();
        String holdId = reserve(saleId, token(shopper));
        webhook("evt-repair-" + holdId, holdId, "PAID").expectStatus().isOk();
        SaleKeys keys = new SaleKeys(saleId);
        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.hasKey(keys.hold(holdId)).block());
        loseTheConfirm(keys, holdId, shopper, Instant.now(), Instant.now().plus(Duration.ofMinutes(10)));
        assertStock(saleId, 1, 1, 0);

        JsonNode dryRun = repair(saleId, false);
        assertThat(dryRun.get("applied").asBoolean()).isFalse();
        assertThat(dryRun.get("holds")).hasSize(1);
        assertThat(dryRun.get("holds").get(0).get("holdId").asString()).isEqualTo(holdId);
        assertThat(dryRun.get("holds").get(0).get("redisState").asString()).isEqualTo("HELD");
        assertThat(dryRun.get("holds").get(0).get("outcome").asString()).isEqualTo("WOULD_REPAIR");
        assertStock(saleId, 1, 1, 0); // a dry run changes nothing
        assertThat(auditActions(saleId)).doesNotContain("sale.repair");

        JsonNode applied = repair(saleId, true);
        assertThat(applied.get("holds").get(0).get("outcome").asString()).isEqualTo("REPAIRED");
        assertStock(saleId, 1, 0, 1);
        assertThat(repair(saleId, true).get("holds")).as("nothing left to repair").isEmpty();

        JsonNode entry = audit(saleId).get(0);
        assertThat(entry.get("action").asString()).isEqualTo("sale.repair");
        assertThat(entry.get("actor").asString()).isEqualTo("admin-test");
        assertThat(entry.get("after").get("holds").get(0).get("holdId").asString()).isEqualTo(holdId);
    }

    @Test
    void repairIsForAdminsOnly() {
        long saleId = openSale(1, 1);
        client().post().uri("/admin/api/sales/{id}/repair", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .exchange().expectStatus().isForbidden();
        client().post().uri("/admin/api/sales/{id}/repair", 987_654_321L).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isNotFound();
    }

    private JsonNode repair(long saleId, boolean apply) {
        return client().post().uri("/admin/api/sales/{id}/repair?apply={apply}", saleId, apply)
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private JsonNode audit(long saleId) {
        return client().get().uri("/admin/api/audit?target=sale/{id}", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private java.util.List<String> auditActions(long saleId) {
        java.util.List<String> actions = new java.util.ArrayList<>();
        audit(saleId).forEach(e -> actions.add(e.get("action").asString()));
        return actions;
    }
}
