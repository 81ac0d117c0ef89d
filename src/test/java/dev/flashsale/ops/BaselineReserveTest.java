package dev.flashsale.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/** The benchmark's row-lock baseline answers like the real reserve and never oversells. */
@TestPropertySource(properties = "flashsale.baseline.enabled=true")
class BaselineReserveTest extends IntegrationTest {

    @Test
    void grantsUntilSoldOutAndKeepsTheShopperLimit() {
        long saleId = openSale(2, 1);
        String first = newShopperToken();
        reserve(saleId, first).expectStatus().isCreated().expectBody()
                .jsonPath("$.status").isEqualTo("HELD").jsonPath("$.saleId").isEqualTo(saleId);
        reserve(saleId, first).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.type").value(type -> assertThat((String) type).endsWith("/limit-exceeded"));
        reserve(saleId, newShopperToken()).expectStatus().isCreated();
        reserve(saleId, newShopperToken()).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.type").value(type -> assertThat((String) type).endsWith("/sold-out"));

        JsonNode stock = client().get().uri("/baseline/sales/{id}/stock", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(stock.get("available").asInt()).isZero();
        assertThat(stock.get("held").asInt()).isEqualTo(2);
        assertThat(stock.get("available").asInt() + stock.get("held").asInt()).isEqualTo(stock.get("total").asInt());
    }

    private WebTestClient.ResponseSpec reserve(long saleId, String token) {
        return client().post().uri("/baseline/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1)).exchange();
    }
}
