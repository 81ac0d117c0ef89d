package dev.flashsale.sourcing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.mcp.client.webflux.transport.WebClientStreamableHttpTransport;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.spec.McpSchema;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks every configured external MCP server's search tool for products, in parallel. A session is
 * opened per search and closed after it: searches are rare admin actions, and a long-lived session
 * to a server we do not run would need its own reconnect logic. One failing server is reported
 * and does not spoil the others' answers.
 */
@Component
class ExternalProductCollector {

    record SourceOutcome(String name, boolean ok, int products, String error) {
    }

    record Collected(List<ExternalProduct> products, List<SourceOutcome> sources) {
    }

    private static final Logger log = LoggerFactory.getLogger(ExternalProductCollector.class);

    private final McpClientProperties props;
    private final ExternalProductParser parser;

    ExternalProductCollector(McpClientProperties props, JsonMapper json) {
        this.props = props;
        this.parser = new ExternalProductParser(json);
    }

    Mono<Collected> search(String query) {
        return Flux.fromIterable(props.sources())
                .flatMap(source -> searchOne(source, query))
                .collectList()
                .map(results -> new Collected(
                        results.stream().flatMap(r -> r.products().stream()).toList(),
                        results.stream().flatMap(r -> r.sources().stream()).toList()));
    }

    private Mono<Collected> searchOne(McpClientProperties.Source source, String query) {
        Map<String, Object> args = new HashMap<>();
        source.arguments().forEach((k, v) -> args.put(k, typed(v)));
        args.put(source.queryArgument(), query);
        return Mono.usingWhen(Mono.fromSupplier(() -> connect(source)),
                        client -> client.initialize().then(client.callTool(new McpSchema.CallToolRequest(source.tool(), args))),
                        McpAsyncClient::closeGracefully)
                .timeout(props.timeout())
                .map(result -> {
                    if (Boolean.TRUE.equals(result.isError())) {
                        return failed(source, "tool error: " + firstText(result));
                    }
                    List<ExternalProduct> products = parser.parse(source.name(), result);
                    return new Collected(products, List.of(new SourceOutcome(source.name(), true, products.size(), null)));
                })
                .onErrorResume(e -> {
                    // The SDK wraps the useful part ("Connection refused", "401") a level or two down.
                    Throwable root = e;
                    while (root.getCause() != null && root.getCause() != root) {
                        root = root.getCause();
                    }
                    String reason = e.getMessage() + (root == e ? "" : " (" + root + ")");
                    log.info("MCP source {} failed: {}", source.name(), reason);
                    return Mono.just(failed(source, reason));
                });
    }

    private McpAsyncClient connect(McpClientProperties.Source source) {
        WebClient.Builder web = WebClient.builder().baseUrl(source.url());
        if (source.bearerToken() != null && !source.bearerToken().isBlank()) {
            web.defaultHeaders(h -> h.setBearerAuth(source.bearerToken()));
        }
        return McpClient.async(WebClientStreamableHttpTransport.builder(web).endpoint(source.endpoint()).build())
                .clientInfo(new McpSchema.Implementation("flash-sale-candidates", "1.0.0"))
                .requestTimeout(props.timeout())
                .initializationTimeout(props.timeout())
                .build();
    }

    private static Object typed(String value) {
        if (value.matches("-?[0-9]{1,18}")) {
            return Long.parseLong(value);
        }
        if (value.equals("true") || value.equals("false")) {
            return Boolean.parseBoolean(value);
        }
        return value;
    }

    private static Collected failed(McpClientProperties.Source source, String error) {
        return new Collected(List.of(), List.of(new SourceOutcome(source.name(), false, 0, error)));
    }

    private static String firstText(McpSchema.CallToolResult result) {
        return result.content().stream().filter(McpSchema.TextContent.class::isInstance)
                .map(c -> ((McpSchema.TextContent) c).text()).findFirst().orElse("(no text)");
    }
}
