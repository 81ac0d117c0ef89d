package dev.flashsale.marketplace;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.flashsale.marketplace.FakeHttpServer.Reply;
import dev.flashsale.mcp.ShopperRecommendations;
import dev.flashsale.sourcing.FakeMcpServer;
import dev.flashsale.support.IntegrationTest;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * The whole service wired to a fake Coupang Partners gateway (one per JVM, 127.0.0.1) that lists
 * whatever {@link #listOnCoupang} put on it, plus a stand-in recommendation bean. Marketplace and
 * MCP tests share this one application context.
 */
@Import(MarketplaceIntegrationTest.FakeRecommendations.class)
public abstract class MarketplaceIntegrationTest extends IntegrationTest {

    protected static final FakeHttpServer COUPANG = new FakeHttpServer();
    protected static final FakeMcpServer MCP = new FakeMcpServer();
    private static final Map<String, Map<Long, Long>> LISTED = new ConcurrentHashMap<>();

    static {
        COUPANG.otherwise(MarketplaceIntegrationTest::answer);
    }

    @DynamicPropertySource
    static void marketplace(DynamicPropertyRegistry registry) {
        registry.add("flashsale.marketplace.coupang.base-url", COUPANG::baseUrl);
        registry.add("flashsale.marketplace.coupang.access-key", () -> "test-access");
        registry.add("flashsale.marketplace.coupang.secret-key", () -> "test-secret");
        registry.add("flashsale.marketplace.coupang.timeout", () -> "20s");
        registry.add("flashsale.marketplace.coupang.max-retries", () -> "0");
        registry.add("flashsale.marketplace.coupang.search-calls-per-hour", () -> "100000");
        registry.add("flashsale.marketplace.coupang.breaker.minimum-calls", () -> "1000");
        // Every run asks the fake again, so tests can change prices between runs (the five-minute
        // cache itself is covered by ExpiringCacheTest).
        registry.add("flashsale.marketplace.coupang.cache-ttl", () -> "0s");
        // Tests trigger runs themselves; the schedule must not start one under them.
        registry.add("flashsale.marketplace.sync.interval", () -> "24h");
        mcpSource(registry, 0, "coupang-mcp", MCP.url(), "search_products", "keyword");
        registry.add("flashsale.mcp.client.sources[0].arguments.limit", () -> "10");
        mcpSource(registry, 1, "feed-mcp", MCP.url(), "find_items", "q");
        mcpSource(registry, 2, "broken-tool", MCP.url(), "broken_search", "keyword");
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        mcpSource(registry, 3, "nobody-home", "http://127.0.0.1:1", "search_products", "keyword");
    }

    private static void mcpSource(DynamicPropertyRegistry registry, int i, String name, String url, String tool,
            String argument) {
        String prefix = "flashsale.mcp.client.sources[" + i + "].";
        registry.add(prefix + "name", () -> name);
        registry.add(prefix + "url", () -> url);
        registry.add(prefix + "tool", () -> tool);
        registry.add(prefix + "query-argument", () -> argument);
        registry.add(prefix + "bearer-token", () -> FakeMcpServer.TOKEN);
    }

    /** Makes the fake gateway answer a search for {@code name} with this product at this price. */
    protected static void listOnCoupang(String name, long coupangProductId, long price) {
        LISTED.computeIfAbsent(name, n -> new ConcurrentHashMap<>()).put(coupangProductId, price);
    }

    private static Reply answer(FakeHttpServer.Recorded request) {
        if (!request.path().endsWith("/products/search")) {
            return Reply.json(404, "{\"rCode\":\"404\",\"rMessage\":\"unknown path\"}");
        }
        Map<String, String> query = java.util.Arrays.stream(request.rawQuery().split("&"))
                .map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        String keyword = query.get("keyword");
        String products = LISTED.getOrDefault(keyword, Map.of()).entrySet().stream()
                .map(e -> "{\"productId\":" + e.getKey() + ",\"productName\":\"" + keyword + "\",\"productPrice\":"
                        + e.getValue() + ",\"productUrl\":\"https://link.coupang.com/re/AFFSDP?pageKey=" + e.getKey()
                        + "\"}")
                .collect(Collectors.joining(","));
        return Reply.json(200, "{\"rCode\":\"0\",\"rMessage\":\"\",\"data\":{\"productData\":[" + products + "]}}");
    }

    /** A product listed on Coupang with a fresh product id, and an open sale of it. */
    protected JsonNode coupangProduct(String name, long coupangProductId, long originalPrice) {
        return adminPost("/admin/api/products", Map.of("name", name, "category", "과일",
                "originalPrice", originalPrice, "coupangProductId", String.valueOf(coupangProductId),
                "coupangUrl", "https://www.coupang.com/vp/products/" + coupangProductId));
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FakeRecommendations {
        @Bean
        @org.springframework.context.annotation.Primary
        ShopperRecommendations shopperRecommendations() {
            return (shopperId, limit) -> Mono.just(List.of(new ShopperRecommendations.Recommendation(
                    1, "추천 for " + shopperId, null, null, 0.9, "test")).subList(0, Math.min(1, limit)));
        }
    }
}
