package dev.flashsale.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.flashsale.catalog.ProductImports;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.marketplace.MarketplaceIntegrationTest;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

/**
 * The MCP client against the in-process fake MCP server: sources configured in
 * {@link MarketplaceIntegrationTest} are a Coupang-like search, a feed-like search, a server
 * whose tool fails, and one nobody listens on.
 */
class CandidateApiTest extends MarketplaceIntegrationTest {

    private JsonNode search(String query) {
        return client().get().uri(b -> b.path("/admin/api/marketplace/candidates").queryParam("query", query).build())
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static JsonNode strawberries(JsonNode result) {
        return result.get("candidates").valueStream()
                .filter(c -> c.get("offers").size() == 3).findFirst().orElseThrow();
    }

    @Test
    void offersFromSeveralServersAreGroupedWithPriceStatisticsAndDiscounts() {
        JsonNode result = search("딸기");

        assertThat(result.get("candidates")).hasSize(2);
        JsonNode c = strawberries(result);
        assertThat(c.get("offers").valueStream().map(o -> o.get("source").asString()).distinct().sorted().toList())
                .containsExactly("coupang-mcp", "feed-mcp");
        JsonNode prices = c.get("prices");
        assertThat(List.of(prices.get("count").asInt(), prices.get("min").asInt(), prices.get("median").asInt(),
                prices.get("max").asInt())).containsExactly(3, 11_900, 12_900, 13_900);
        JsonNode d = c.get("discounts");
        assertThat(d.get("listPrice").asLong()).isEqualTo(19_900L);
        assertThat(d.get("atMin").asInt()).isEqualTo(40);
        assertThat(d.get("atMedian").asInt()).isEqualTo(35);
        assertThat(d.get("spread").asInt()).isEqualTo(14);
        assertThat(d.get("thirtyPercentOffPrice").asLong()).isEqualTo(13_930L);
        assertThat(d.get("thirtyPercentOffBeatsMarket").asBoolean()).isFalse();
    }

    @Test
    void failingSourcesAreReportedWithoutSpoilingTheOthers() {
        JsonNode sources = search("딸기").get("sources");

        assertThat(sources.valueStream().filter(s -> s.get("ok").asBoolean()).map(s -> s.get("name").asString()))
                .containsExactlyInAnyOrder("coupang-mcp", "feed-mcp");
        assertThat(sources.valueStream().filter(s -> !s.get("ok").asBoolean()).map(s -> s.get("name").asString()))
                .containsExactlyInAnyOrder("broken-tool", "nobody-home");
        assertThat(sources.valueStream().filter(s -> s.get("name").asString().equals("broken-tool")).findFirst()
                .orElseThrow().get("error").asString()).contains("upstream quota exhausted");
    }

    @Test
    void importingACandidateCreatesACatalogProduct() {
        String id = strawberries(search("딸기")).get("id").asString();

        JsonNode imported = client().post().uri("/admin/api/marketplace/candidates/" + id + "/import")
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();

        long productId = imported.get("productId").asLong();
        client().get().uri("/admin/api/products/" + productId).headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.originalPrice").isEqualTo(19900)
                .jsonPath("$.coupangProductId").isEqualTo("101")
                .jsonPath("$.coupangUrl").isEqualTo("https://www.coupang.com/vp/products/101");
        client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectBody().jsonPath("$[?(@.id == " + productId + ")]").exists();
        client().get().uri("/admin/api/audit?target={t}", "product/" + productId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectBody().jsonPath("$[0].action").isEqualTo("product.import")
                .jsonPath("$[0].after.coupangProductId").isEqualTo("101");
    }

    @Test
    void theCatalogRefusesAnImportAnAdminCouldNotEnterAndWritesNothing(@Autowired ProductImports imports) {
        long before = client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().size();

        StepVerifier.create(imports.importProduct(new ProductImports.NewProduct("딸기", "과일", null, 19_900, "not-digits", null)))
                .expectErrorSatisfies(e -> assertThat(((ApiException) e).type()).isEqualTo(ProblemType.INVALID_REQUEST))
                .verify();

        assertThat(client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody().size()).isEqualTo(before);
    }

    @Test
    void aCandidateFoundOnOneInstanceImportsOnAnother() {
        String id = strawberries(search("딸기")).get("id").asString();
        try (var other = dev.flashsale.support.SecondInstance.start()) {
            org.springframework.test.web.reactive.server.WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + dev.flashsale.support.SecondInstance.port(other)).build()
                    .post().uri("/admin/api/marketplace/candidates/" + id + "/import")
                    .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isCreated();
        }
    }

    @Test
    void unknownCandidateIs404AndAQueryIsRequired() {
        client().post().uri("/admin/api/marketplace/candidates/no-such-id/import")
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/not-found");
        client().get().uri("/admin/api/marketplace/candidates?query=").headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isBadRequest();
    }

    @Test
    void candidatesAreForAdminsOnly() {
        client().get().uri("/admin/api/marketplace/candidates?query=x").headers(h -> h.setBearerAuth(newShopperToken()))
                .exchange().expectStatus().isForbidden();
    }
}
