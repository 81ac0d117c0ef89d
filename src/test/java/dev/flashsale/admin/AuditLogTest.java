package dev.flashsale.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** Every admin change is in the audit log with who made it, the state before and after, and when. */
class AuditLogTest extends IntegrationTest {

    @Test
    void creatingAndEditingASaleAndAddingStockAreAuditedWithBeforeAndAfter() {
        long saleId = openSale(5, 1);
        JsonNode sale = client().get().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        client().put().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(token("ops-kim", "ADMIN")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", sale.get("productId").asLong(), "salePrice", 6_500, "totalQuantity", 5,
                        "perUserLimit", 1, "startsAt", sale.get("startsAt").asString(), "endsAt",
                        sale.get("endsAt").asString(), "version", sale.get("version").asLong()))
                .exchange().expectStatus().isOk();
        client().post().uri("/admin/api/sales/{id}/stock", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", 3)).exchange().expectStatus().isOk();

        JsonNode entries = audit("sale/" + saleId);
        assertThat(entries).hasSize(3);
        JsonNode adjust = entries.get(0);
        assertThat(adjust.get("action").asString()).isEqualTo("sale.stock.adjust");
        assertThat(adjust.get("before").get("total").asLong()).isEqualTo(5);
        assertThat(adjust.get("after").get("stock").get("total").asLong()).isEqualTo(8);
        JsonNode update = entries.get(1);
        assertThat(update.get("action").asString()).isEqualTo("sale.update");
        assertThat(update.get("actor").asString()).isEqualTo("ops-kim");
        assertThat(update.get("before").get("salePrice").asLong()).isEqualTo(7_000);
        assertThat(update.get("after").get("salePrice").asLong()).isEqualTo(6_500);
        assertThat(update.get("at").asString()).isNotBlank();
        JsonNode create = entries.get(2);
        assertThat(create.get("action").asString()).isEqualTo("sale.create");
        assertThat(create.hasNonNull("before")).as("nothing before a creation").isFalse();
        assertThat(create.get("after").get("totalQuantity").asLong()).isEqualTo(5);
    }

    @Test
    void aRefusedChangeLeavesNoEntry() {
        long saleId = openSale(2, 1);
        client().post().uri("/admin/api/sales/{id}/stock", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("delta", -50)).exchange()
                .expectStatus().isEqualTo(409);
        assertThat(audit("sale/" + saleId)).extracting(e -> e.get("action").asString()).containsExactly("sale.create");
    }

    @Test
    void theAuditLogIsForAdminsOnlyAndValidatesItsLimit() {
        client().get().uri("/admin/api/audit").headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isForbidden();
        client().get().uri("/admin/api/audit?limit=0").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private JsonNode audit(String target) {
        return client().get().uri("/admin/api/audit?target={t}", target).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
