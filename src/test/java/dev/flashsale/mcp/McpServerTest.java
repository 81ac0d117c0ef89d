package dev.flashsale.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.marketplace.MarketplaceIntegrationTest;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** The MCP server at /mcp, driven by the MCP Java SDK client over streamable HTTP, as an assistant would. */
class McpServerTest extends MarketplaceIntegrationTest {

    private McpSyncClient mcp;

    private McpSyncClient connect(String token) {
        WebClient.Builder web = WebClient.builder().baseUrl("http://127.0.0.1:" + port);
        if (token != null) {
            web.defaultHeaders(h -> h.setBearerAuth(token));
        }
        mcp = McpClient.sync(WebClientStreamableHttpTransport.builder(web).endpoint("/mcp").build())
                .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(30)).build();
        mcp.initialize();
        return mcp;
    }

    @AfterEach
    void close() {
        if (mcp != null) {
            mcp.closeGracefully();
        }
    }

    private static CallToolResult call(McpSyncClient client, String tool, Map<String, Object> args) {
        return client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    private static String text(CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> structured(CallToolResult result) {
        return (Map<String, Object>) result.structuredContent();
    }

    @Test
    void listsEveryToolIncludingRecommendationsWhenThatFeatureIsPresent() {
        List<String> names = connect(token("assistant", "MCP")).listTools().tools().stream()
                .map(McpSchema.Tool::name).toList();
        assertThat(names).contains("list_sales", "get_sale_stock", "compare_marketplace_prices", "recommend_products");
    }

    @Test
    void listSalesShowsAnOpenSaleAndFiltersByStatus() {
        // the earliest start of all open sales, so it is within the first 100 however many other tests made
        Instant now = Instant.now();
        long saleId = createSale(createProduct(10_000).get("id").asLong(), 7_000, 50, 2,
                now.minus(Duration.ofDays(3650)), now.plus(Duration.ofHours(1))).get("id").asLong();
        McpSyncClient client = connect(token("assistant", "MCP"));

        CallToolResult all = call(client, "list_sales", Map.of("limit", 100));
        assertThat(all.isError()).isFalse();
        assertThat(text(all)).contains("\"id\":" + saleId);

        CallToolResult upcoming = call(client, "list_sales", Map.of("status", "UPCOMING", "limit", 100));
        assertThat(upcoming.isError()).isFalse();
        assertThat(text(upcoming)).doesNotContain("\"id\":" + saleId + ",");
    }

    @Test
    void saleStockReportsLiveCounters() {
        long saleId = openSale(40, 2);
        CallToolResult result = call(connect(adminToken()), "get_sale_stock", Map.of("saleId", saleId));

        assertThat(result.isError()).isFalse();
        Map<String, Object> stock = structured(result);
        assertThat(((Number) stock.get("saleId")).longValue()).isEqualTo(saleId);
        assertThat(((Number) stock.get("available")).longValue()
                + ((Number) stock.get("held")).longValue() + ((Number) stock.get("sold")).longValue())
                .isEqualTo(((Number) stock.get("total")).longValue()).isEqualTo(40L);
        assertThat(stock.get("status")).isEqualTo("ON_SALE");
    }

    @Test
    void comparisonShowsAMarketplaceThatUndercutsOurSale() {
        long coupangId = 880_000_000L + System.nanoTime() % 1_000_000;
        String name = "비교 딸기 " + System.nanoTime();
        long productId = coupangProduct(name, coupangId, 10_000).get("id").asLong();
        Instant now = Instant.now();
        long saleId = createSale(productId, 7_000, 10, 1, now.minusSeconds(60), now.plusSeconds(3600)).get("id").asLong();
        listOnCoupang(name, coupangId, 6_500);
        client().post().uri("/admin/api/marketplace/sync").headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk();

        CallToolResult result = call(connect(token("assistant", "MCP")), "compare_marketplace_prices",
                Map.of("saleId", saleId));

        assertThat(result.isError()).isFalse();
        assertThat(text(result)).contains("\"marketplace\":\"COUPANG\"").contains("\"price\":6500")
                .contains("\"difference\":-500").contains("\"cheaperThanSale\":true");
    }

    @Test
    void recommendationsComeFromTheRecommendationBeanForTheCallersOwnIdOrAnAdmin() {
        CallToolResult own = call(connect(token("u-42", "MCP")), "recommend_products", Map.of("shopperId", "u-42", "limit", 3));
        assertThat(own.isError()).isFalse();
        assertThat(text(own)).contains("추천 for u-42");
        mcp.closeGracefully();
        CallToolResult admin = call(connect(token("operator", "ADMIN")), "recommend_products", Map.of("shopperId", "u-42"));
        assertThat(admin.isError()).isFalse();
        assertThat(text(admin)).contains("추천 for u-42");
    }

    @Test
    void anotherShoppersRecommendationsAreRefused() {
        CallToolResult result = call(connect(token("assistant", "MCP")), "recommend_products",
                Map.of("shopperId", "u-42", "limit", 3));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).startsWith("forbidden:").doesNotContain("추천");
    }

    @Test
    void unknownSaleIsAToolErrorNotAProtocolError() {
        CallToolResult result = call(connect(token("assistant", "MCP")), "get_sale_stock", Map.of("saleId", 987_654_321));
        assertThat(result.isError()).isTrue();
        assertThat(text(result)).contains("sale-not-found");
    }

    @Test
    void badArgumentsAreToolErrorsWithAReason() {
        McpSyncClient client = connect(token("assistant", "MCP"));
        assertThat(List.<Map<String, Object>>of(Map.of(), Map.of("saleId", "abc"), Map.of("saleId", -1),
                Map.of("saleId", 1.5), Map.of("saleId", 1, "extra", true)))
                .allSatisfy(args -> {
                    CallToolResult result = call(client, "get_sale_stock", args);
                    assertThat(result.isError()).as("arguments %s", args).isTrue();
                    // The SDK checks the published schema first; our own checks back it up.
                    assertThat(text(result)).containsAnyOf("Invalid arguments", "input validation failed");
                });
        assertThat(call(client, "list_sales", Map.of("status", "SOMETIME")).isError()).isTrue();
        assertThat(call(client, "list_sales", Map.of("limit", 0)).isError()).isTrue();
        assertThat(call(client, "recommend_products", Map.of("shopperId", " ")).isError()).isTrue();
    }

    @Test
    void withoutATokenTheServerIsClosed() {
        assertThatThrownBy(() -> connect(null)).as("the SDK's initialize refused with 401")
                .hasRootCauseInstanceOf(org.springframework.web.reactive.function.client.WebClientResponseException.Unauthorized.class);
        mcp = null;
        client().post().uri("/mcp").contentType(MediaType.APPLICATION_JSON)
                .header("Accept", "application/json, text/event-stream")
                .bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                .exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/unauthorized");
    }

    @Test
    void theMcpRoleDoesNotOpenTheAdminApi() {
        client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(token("assistant", "MCP")))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void aShopperTokenIsNotEnough() {
        client().post().uri("/mcp").headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .header("Accept", "application/json, text/event-stream")
                .bodyValue("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}")
                .exchange().expectStatus().isForbidden();
    }
}
