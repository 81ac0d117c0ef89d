package dev.flashsale.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.catalog.SaleStatus;
import dev.flashsale.catalog.SaleView;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

/** MCP tools over the sale page's own read side (memory catalog + live stock; no marketplace call). */
@Configuration(proxyBeanMethods = false)
class SaleTools {

    static final List<String> LISTED = List.of("ON_SALE", "UPCOMING", "SOLD_OUT");

    /** Spring AI collects tools from beans of type List<AsyncToolSpecification>, not single specs. */
    @Bean
    List<AsyncToolSpecification> listSalesTool(SaleQueries sales, JsonMapper json) {
        ToolResults results = new ToolResults(json);
        return List.of(AsyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("list_sales")
                        .description("Live and upcoming flash sales, soonest first, with price (KRW), discount and "
                                + "remaining units. Optional filter by status.")
                        .inputSchema(Schemas.object(Map.of(
                                "status", Schemas.oneOf("Only sales in this status", LISTED),
                                "limit", Schemas.integer("At most this many sales (default 20)", 1, 100)), List.of()))
                        .build())
                .callHandler((exchange, request) -> ToolResults.guarded("list_sales", () -> {
                    ToolArguments args = ToolArguments.of(request.arguments(), Set.of("status", "limit"));
                    var status = args.optionalEnum("status", Set.copyOf(LISTED)).map(SaleStatus::valueOf);
                    int limit = args.optionalInt("limit", 1, 100).orElse(20);
                    return sales.list(false).map(all -> {
                        List<SaleView> shown = all.stream()
                                .filter(s -> s.status() != SaleStatus.ENDED)
                                .filter(s -> status.map(st -> s.status() == st).orElse(true))
                                .limit(limit)
                                .toList();
                        return results.ok(Map.of("sales", shown));
                    });
                }))
                .build());
    }

    /** Spring AI collects tools from beans of type List<AsyncToolSpecification>, not single specs. */
    @Bean
    List<AsyncToolSpecification> saleStockTool(SaleQueries sales, JsonMapper json) {
        ToolResults results = new ToolResults(json);
        return List.of(AsyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("get_sale_stock")
                        .description("Live stock of one sale: available, held in carts, sold, total, and status.")
                        .inputSchema(Schemas.object(Map.of("saleId", Schemas.saleId()), List.of("saleId")))
                        .build())
                .callHandler((exchange, request) -> ToolResults.guarded("get_sale_stock", () -> {
                    long saleId = ToolArguments.of(request.arguments(), Set.of("saleId")).requiredId("saleId");
                    return sales.stock(saleId).map(results::ok);
                }))
                .build());
    }
}
