package dev.flashsale.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class CatalogAdminApiTest extends IntegrationTest {

    @Autowired
    SaleRepository sales;

    @Test
    void invalidProductListsEveryOffendingField() {
        client().post().uri("/admin/api/products").headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "", "originalPrice", -5, "kurlyUrl", "http://evil.example/x"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/invalid-request")
                .jsonPath("$.errors[?(@.field == 'name')]").exists()
                .jsonPath("$.errors[?(@.field == 'category')]").exists()
                .jsonPath("$.errors[?(@.field == 'originalPrice')]").exists()
                .jsonPath("$.errors[?(@.field == 'kurlyUrl')]").exists();
    }

    @Test
    void saleRejectsMissingFieldsBadWindowAndPriceAboveList() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        postSale(Map.of("productId", productId)).expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.errors[?(@.field == 'salePrice')]").exists()
                .jsonPath("$.errors[?(@.field == 'totalQuantity')]").exists()
                .jsonPath("$.errors[?(@.field == 'startsAt')]").exists();
        postSale(sale(productId, 5_000, now, now.minusSeconds(1))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[?(@.field == 'windowValid')]").exists();
        postSale(sale(productId, 10_001, now, now.plusSeconds(60))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("salePrice");
        postSale(sale(987_654_321L, 5_000, now, now.plusSeconds(60))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.errors[0].field").isEqualTo("productId");
    }

    @Test
    void malformedJsonIsInvalidRequest() {
        client().post().uri("/admin/api/sales").headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"productId\": ")
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/invalid-request");
    }

    @Test
    void staleVersionIsConflictAndDoesNotOverwrite() {
        JsonNode product = createProduct(10_000);
        long id = product.get("id").asLong();
        Map<String, Object> edit = new HashMap<>(Map.of("name", "첫 번째 수정", "category", "과일",
                "originalPrice", 11_000, "version", product.get("version").asLong()));
        JsonNode first = client().put().uri("/admin/api/products/{id}", id).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(edit).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(first.get("version").asLong()).isEqualTo(product.get("version").asLong() + 1);

        edit.put("name", "두 번째 수정 (stale)");
        client().put().uri("/admin/api/products/{id}", id).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(edit).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/version-conflict");

        client().get().uri("/admin/api/products/{id}", id).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectBody().jsonPath("$.name").isEqualTo("첫 번째 수정");
    }

    @Test
    void updateWithoutVersionIsRejected() {
        long id = createProduct(10_000).get("id").asLong();
        client().put().uri("/admin/api/products/{id}", id).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "x", "category", "과일", "originalPrice", 11_000)).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.errors[0].field").isEqualTo("version");
    }

    @Test
    void unknownIdsAre404() {
        client().get().uri("/admin/api/products/987654321").headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/product-not-found");
        client().put().uri("/admin/api/sales/987654321").headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(sale(createProduct(10_000).get("id").asLong(), 5_000, Instant.now(), Instant.now().plusSeconds(60), 0L))
                .exchange().expectStatus().isNotFound();
    }

    @Test
    void publicReadsComeFromMemoryAndAdminChangesShowImmediately() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        JsonNode sale = createSale(productId, 8_000, 10, 1, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)));
        long saleId = sale.get("id").asLong();

        // A write behind the cache's back (straight to Postgres) is not seen: reads do not hit the database.
        Sale row = sales.findById(saleId).block();
        sales.save(new Sale(row.id(), row.productId(), 1_000, row.totalQuantity(), row.perUserLimit(), row.startsAt(),
                row.endsAt(), row.version(), row.createdAt(), row.updatedAt())).block();
        client().get().uri("/api/sales/{id}", saleId).exchange().expectBody().jsonPath("$.salePrice").isEqualTo(8_000);

        // A write through the admin API is seen at once.
        client().put().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(sale(productId, 6_000, now.plus(Duration.ofHours(1)), now.plus(Duration.ofHours(2)), row.version() + 1))
                .exchange().expectStatus().isOk();
        client().get().uri("/api/sales/{id}", saleId).exchange().expectBody()
                .jsonPath("$.salePrice").isEqualTo(6_000)
                .jsonPath("$.discountRate").isEqualTo(40);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec postSale(Object body) {
        return client().post().uri("/admin/api/sales").headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private static Map<String, Object> sale(long productId, long price, Instant startsAt, Instant endsAt) {
        return Map.of("productId", productId, "salePrice", price, "totalQuantity", 10, "perUserLimit", 1,
                "startsAt", startsAt.toString(), "endsAt", endsAt.toString());
    }

    private static Map<String, Object> sale(long productId, long price, Instant startsAt, Instant endsAt, long version) {
        Map<String, Object> body = new HashMap<>(sale(productId, price, startsAt, endsAt));
        body.put("version", version);
        return body;
    }
}
