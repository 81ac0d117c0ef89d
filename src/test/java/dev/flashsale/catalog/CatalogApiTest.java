package dev.flashsale.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class CatalogApiTest extends IntegrationTest {

    @Test
    void listsOpenSaleWithPricesDiscountAndLinks() {
        long productId = createProduct(12_900).get("id").asLong();
        Instant now = Instant.now();
        long saleId = createSale(productId, 6_900, 1_000, 2, now.minusSeconds(60), now.plus(Duration.ofHours(2)))
                .get("id").asLong();

        JsonNode list = client().get().uri("/api/sales").exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();

        JsonNode view = find(list, saleId);
        assertThat(view).as("sale %d in list", saleId).isNotNull();
        assertThat(view.get("productId").asLong()).isEqualTo(productId);
        assertThat(view.get("originalPrice").asLong()).isEqualTo(12_900);
        assertThat(view.get("salePrice").asLong()).isEqualTo(6_900);
        assertThat(view.get("discountRate").asInt()).isEqualTo(46); // 46.5% rounded down
        assertThat(view.get("totalQuantity").asLong()).isEqualTo(1_000);
        assertThat(view.get("remaining").asLong()).isEqualTo(1_000);
        assertThat(view.get("perUserLimit").asInt()).isEqualTo(2);
        assertThat(view.get("status").asString()).isEqualTo("ON_SALE");
        assertThat(view.get("links").get("coupang").asString()).startsWith("https://www.coupang.com/");
        assertThat(view.get("links").get("kurly").asString()).startsWith("https://www.kurly.com/goods/");
    }

    @Test
    void derivesStatusFromTheClockAndHidesEndedSalesByDefault() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        long upcoming = createSale(productId, 5_000, 10, 1, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)))
                .get("id").asLong();
        long ended = createSale(productId, 5_000, 10, 1, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)))
                .get("id").asLong();

        assertThat(status(upcoming)).isEqualTo("UPCOMING");
        assertThat(status(ended)).isEqualTo("ENDED");
        JsonNode list = client().get().uri("/api/sales").exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(find(list, upcoming)).isNotNull();
        assertThat(find(list, ended)).isNull();
        JsonNode all = client().get().uri("/api/sales?includeEnded=true").exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(find(all, ended)).isNotNull();
    }

    @Test
    void stockOfAFreshSaleIsAllAvailable() {
        long saleId = openSale(100, 1);
        client().get().uri("/api/sales/{id}/stock", saleId).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.saleId").isEqualTo(saleId)
                .jsonPath("$.available").isEqualTo(100)
                .jsonPath("$.held").isEqualTo(0)
                .jsonPath("$.sold").isEqualTo(0)
                .jsonPath("$.total").isEqualTo(100)
                .jsonPath("$.status").isEqualTo("ON_SALE");
    }

    @Test
    void unknownSaleIsProblem404() {
        client().get().uri("/api/sales/987654321").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/sale-not-found");
        client().get().uri("/api/sales/987654321/stock").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/sale-not-found");
    }

    @Test
    void nonNumericSaleIdIsInvalidRequestNot500() {
        client().get().uri("/api/sales/strawberry").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/invalid-request");
    }

    private String status(long saleId) {
        return client().get().uri("/api/sales/{id}", saleId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody().get("status").asString();
    }

    static JsonNode find(JsonNode list, long saleId) {
        for (JsonNode node : list) {
            if (node.get("id").asLong() == saleId) {
                return node;
            }
        }
        return null;
    }
}
