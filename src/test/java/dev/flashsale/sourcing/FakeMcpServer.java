package dev.flashsale.sourcing;

import java.util.List;
import java.util.Map;

import org.springframework.ai.mcp.server.webflux.transport.WebFluxStreamableServerTransportProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.modelcontextprotocol.server.McpAsyncServer;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.AsyncToolSpecification;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * An external MCP server in-process on 127.0.0.1, built with the MCP Java SDK: a Coupang-like
 * {@code search_products} tool answering JSON text, a feed-like {@code find_items} tool answering
 * structured content with other field names, and one that always fails. It demands a bearer token.
 */
public final class FakeMcpServer implements AutoCloseable {

    public static final String TOKEN = "fake-mcp-token";

    private final McpAsyncServer server;
    private final DisposableServer http;
    // Its own event loop: an application closed by another test (StandaloneModeTest) disposes
    // Reactor Netty's global resources, which would take a server on them down mid-suite.
    private final LoopResources loops = LoopResources.create("fake-mcp", 1, true);

    public FakeMcpServer() {
        WebFluxStreamableServerTransportProvider transport = WebFluxStreamableServerTransportProvider.builder()
                .messageEndpoint("/mcp").build();
        server = McpServer.async(transport).serverInfo("fake-coupang-mcp", "1.0.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(false).build())
                .tools(searchProducts(), findItems(), failing())
                .build();
        @SuppressWarnings("unchecked")
        RouterFunction<ServerResponse> routes = (RouterFunction<ServerResponse>) transport.getRouterFunction();
        RouterFunction<ServerResponse> guarded = routes.filter((request, next) ->
                ("Bearer " + TOKEN).equals(request.headers().firstHeader("Authorization"))
                        ? next.handle(request) : ServerResponse.status(HttpStatus.UNAUTHORIZED).build());
        http = HttpServer.create().host("127.0.0.1").port(0).runOn(loops)
                .handle(new ReactorHttpHandlerAdapter(RouterFunctions.toHttpHandler(guarded)))
                .bindNow();
    }

    public String url() {
        return "http://127.0.0.1:" + http.port();
    }

    private static McpSchema.Tool tool(String name, String argument) {
        return McpSchema.Tool.builder().name(name).description("fake " + name)
                .inputSchema(Map.of("type", "object", "properties", Map.of(argument, Map.of("type", "string"),
                        "limit", Map.of("type", "integer"))))
                .build();
    }

    private static AsyncToolSpecification searchProducts() {
        return AsyncToolSpecification.builder().tool(tool("search_products", "keyword"))
                .callHandler((exchange, request) -> {
                    boolean strawberries = "딸기".equals(request.arguments().get("keyword"));
                    String products = !strawberries ? "[]" : """
                            [{"productId":101,"productName":"[로켓배송] 설향 딸기 1kg","productPrice":12900,
                              "productUrl":"https://www.coupang.com/vp/products/101","productImage":"https://img.example/101.jpg",
                              "categoryName":"과일"},
                             {"productId":102,"productName":"설향딸기 1KG","productPrice":11900,
                              "productUrl":"https://www.coupang.com/vp/products/102"},
                             {"productId":103,"productName":"샤인머스캣 2kg","productPrice":25000,
                              "productUrl":"https://www.coupang.com/vp/products/103"},
                             {"productId":104,"productName":"가격 없는 상품"}]""";
                    return Mono.just(CallToolResult.builder()
                            .addTextContent("{\"rCode\":\"0\",\"data\":{\"productData\":" + products + "}}")
                            .build());
                })
                .build();
    }

    private static AsyncToolSpecification findItems() {
        return AsyncToolSpecification.builder().tool(tool("find_items", "q"))
                .callHandler((exchange, request) -> Mono.just(CallToolResult.builder()
                        .addTextContent("see structured content")
                        .structuredContent(Map.of("products", List.of(Map.of("id", "k-1",
                                "name", "설향 딸기 1kg (특)", "price", "13,900원", "originalPrice", 19900,
                                "url", "https://www.kurly.com/goods/1"))))
                        .build()))
                .build();
    }

    private static AsyncToolSpecification failing() {
        return AsyncToolSpecification.builder().tool(tool("broken_search", "keyword"))
                .callHandler((exchange, request) -> Mono.just(CallToolResult.builder()
                        .addTextContent("upstream quota exhausted").isError(true).build()))
                .build();
    }

    @Override
    public void close() {
        server.closeGracefully().block();
        http.disposeNow();
        loops.dispose();
    }
}
