package dev.flashsale.sourcing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * External MCP servers we collect candidate products from, e.g. a Coupang MCP server with a
 * product-search tool. Tokens come from the environment, never from committed files.
 * The prefix keeps its {@code mcp} name from before sourcing left the {@code mcp} module:
 * operators have {@code flashsale.mcp.client.*} configured.
 */
@ConfigurationProperties("flashsale.mcp.client")
record McpClientProperties(
        @DefaultValue List<Source> sources,
        @DefaultValue("20s") Duration timeout,
        @DefaultValue("30m") Duration candidateTtl) {

    /**
     * {@code arguments}: fixed extra tool arguments (e.g. {@code limit: 20}); properties are text, so
     * integers and booleans are sent as JSON numbers and booleans.
     */
    public record Source(
            String name,
            String url,
            @DefaultValue("/mcp") String endpoint,
            @DefaultValue("search_products") String tool,
            @DefaultValue("keyword") String queryArgument,
            String bearerToken,
            @DefaultValue Map<String, String> arguments) {
    }
}
