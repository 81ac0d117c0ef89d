package dev.flashsale.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes {@code recommend_products} only when a {@link ShopperRecommendations} bean exists.
 * Registered after all singletons exist rather than with {@code @ConditionalOnBean}, which on user
 * configuration depends on the order configurations happen to be read in.
 */
@Component
class RecommendationTool implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(RecommendationTool.class);
    private static final String ADMIN = "ROLE_ADMIN";

    private final ObjectProvider<ShopperRecommendations> recommendations;
    private final ObjectProvider<McpAsyncServer> server;
    private final JsonMapper json;

    RecommendationTool(ObjectProvider<ShopperRecommendations> recommendations, ObjectProvider<McpAsyncServer> server,
            JsonMapper json) {
        this.recommendations = recommendations;
        this.server = server;
        this.json = json;
    }

    @Override
    public void afterSingletonsInstantiated() {
        ShopperRecommendations source = recommendations.getIfAvailable();
        McpAsyncServer mcp = server.getIfAvailable();
        if (source == null || mcp == null) {
            log.info("MCP tool recommend_products not published: no ShopperRecommendations bean");
            return;
        }
        mcp.addTool(spec(source, new ToolResults(json)))
                .subscribe(null, e -> log.warn("Could not publish recommend_products: {}", e.toString()));
    }

    static AsyncToolSpecification spec(ShopperRecommendations source, ToolResults results) {
        return AsyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("recommend_products")
                        .description("Products to recommend to one shopper, best first, with the sale to send them to. "
                                + "Only for the caller's own shopper id, or any id with an ADMIN token.")
                        .inputSchema(Schemas.object(Map.of(
                                "shopperId", Schemas.string("The shopper's id (JWT subject)", 100),
                                "limit", Schemas.integer("At most this many (default 5)", 1, 20)),
                                List.of("shopperId")))
                        .build())
                .callHandler((exchange, request) -> ToolResults.guarded("recommend_products", () -> {
                    ToolArguments args = ToolArguments.of(request.arguments(), Set.of("shopperId", "limit"));
                    String shopper = args.requiredString("shopperId", 100);
                    int limit = args.optionalInt("limit", 1, 20).orElse(5);
                    return mayRead(shopper)
                            .then(source.forShopper(shopper, limit))
                            .map(r -> results.ok(Map.of("recommendations", r)));
                }))
                .build();
    }

    /**
     * A shopper's recommendations are derived from their history: an MCP token may read its own
     * subject's, an ADMIN token anyone's. The caller is the bearer of the HTTP request that carries
     * the tool call (the MCP transport runs the tool within that request's reactive context).
     */
    private static Mono<Void> mayRead(String shopper) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .filter(caller -> shopper.equals(caller.getName()) || caller.getAuthorities().stream()
                        .anyMatch(a -> ADMIN.equals(a.getAuthority())))
                .switchIfEmpty(Mono.error(() -> new ApiException(ProblemType.FORBIDDEN,
                        "Recommendations are only for the caller's own shopper id, or any id with an ADMIN token.")))
                .then();
    }
}
