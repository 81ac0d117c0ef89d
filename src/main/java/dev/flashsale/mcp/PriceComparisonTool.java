package dev.flashsale.mcp;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.catalog.SaleView;
import dev.flashsale.marketplace.MarketplaceOffer;
import dev.flashsale.marketplace.MarketplacePrices;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.databind.json.JsonMapper;

/**
 * Compares a sale's price with the marketplaces' last observed prices (from the sync job's
 * records, never a live marketplace call, so the answer is fast even during an outage).
 */
@Configuration(proxyBeanMethods = false)
class PriceComparisonTool {

    record Comparison(long saleId, long productId, String name, long salePrice, long originalPrice,
            List<MarketplacePrice> marketplaces, String verdict) {
    }

    record MarketplacePrice(String marketplace, long price, boolean available, long difference, int percentAboveSale,
            boolean cheaperThanSale, String observedAt, String url) {
    }

    /** Spring AI collects tools from beans of type List<AsyncToolSpecification>, not single specs. */
    @Bean
    List<AsyncToolSpecification> compareMarketplacePricesTool(SaleQueries sales, MarketplacePrices prices, JsonMapper json) {
        ToolResults results = new ToolResults(json);
        return List.of(AsyncToolSpecification.builder()
                .tool(McpSchema.Tool.builder().name("compare_marketplace_prices")
                        .description("Our flash-sale price against the last observed Coupang and Kurly prices of "
                                + "the same product (KRW). 'difference' is marketplace minus our price.")
                        .inputSchema(Schemas.object(Map.of("saleId", Schemas.saleId()), List.of("saleId")))
                        .build())
                .callHandler((exchange, request) -> ToolResults.guarded("compare_marketplace_prices", () -> {
                    long saleId = ToolArguments.of(request.arguments(), Set.of("saleId")).requiredId("saleId");
                    return sales.get(saleId).flatMap(sale -> prices.latest(sale.productId())
                            .map(offers -> results.ok(compare(sale, offers))));
                }))
                .build());
    }

    static Comparison compare(SaleView sale, List<MarketplaceOffer> offers) {
        List<MarketplacePrice> rows = offers.stream().map(o -> new MarketplacePrice(o.marketplace().name(), o.price(),
                o.available(), o.price() - sale.salePrice(),
                (int) ((o.price() - sale.salePrice()) * 100 / Math.max(1, sale.salePrice())),
                o.price() < sale.salePrice(), o.observedAt().toString(), o.url())).toList();
        String verdict;
        if (rows.isEmpty()) {
            verdict = "No marketplace price observed yet for this product.";
        } else if (rows.stream().anyMatch(MarketplacePrice::cheaperThanSale)) {
            verdict = "A marketplace is cheaper than our sale price.";
        } else {
            verdict = "Our sale price is the lowest observed.";
        }
        return new Comparison(sale.id(), sale.productId(), sale.name(), sale.salePrice(), sale.originalPrice(), rows,
                verdict);
    }
}
