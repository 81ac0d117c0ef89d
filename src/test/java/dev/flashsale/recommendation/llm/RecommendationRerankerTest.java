package dev.flashsale.recommendation.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import dev.flashsale.catalog.SaleStatus;
import dev.flashsale.catalog.SaleView;
import dev.flashsale.recommendation.Recommendation;
import dev.flashsale.recommendation.RecommendationProperties;
import dev.flashsale.recommendation.engine.PriceBand;
import dev.flashsale.recommendation.profile.AgeBand;
import dev.flashsale.recommendation.profile.ShopperProfile;
import tools.jackson.databind.json.JsonMapper;

/**
 * The re-ranker against a local fake provider speaking OpenAI's chat-completions wire format
 * (a JDK HTTP server on loopback), including its outages.
 */
class RecommendationRerankerTest {

    private static final ShopperProfile PROFILE = new ShopperProfile("s1", AgeBand.AGE_30S, "서울",
            List.of("과일"), PriceBand.MID, Instant.now());
    private static final List<Recommendation> RANKED = List.of(rec(1, "논산 설향딸기 500g"), rec(2, "주방세제 1.2L"),
            rec(3, "유기농 딸기 1kg"));

    private HttpServer server;
    private final AtomicReference<String> requestBody = new AtomicReference<>();
    private final AtomicReference<String> requestPath = new AtomicReference<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void reordersAndRewordsWithTheProvidersAnswerButOnlyAmongTheGivenSales() {
        answer(200, completion("""
                ```json
                {"order":[{"saleId":3,"reason":"과일을 좋아하셔서 유기농 딸기"},{"saleId":99,"reason":"invented"},
                {"saleId":1,"reason":""}]}
                ```"""));

        List<Recommendation> result = reranker(Duration.ofSeconds(5)).rerank(PROFILE, RANKED).block();

        assertThat(result).extracting(r -> r.sale().id()).containsExactly(3L, 1L, 2L);
        assertThat(result.get(0).reason()).isEqualTo("과일을 좋아하셔서 유기농 딸기");
        assertThat(result.get(1).reason()).isEqualTo(RANKED.get(0).reason());
        assertThat(requestPath.get()).isEqualTo("/v1/chat/completions");
        assertThat(requestBody.get()).contains("\"model\":\"test-model\"", "\"messages\"", "유기농 딸기 1kg", "AGE_30S");
    }

    @Test
    void aSlowProviderFallsBackToTheInProcessRankingAfterTheTimeout() {
        server.createContext("/", exchange -> {
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });

        List<Recommendation> result = reranker(Duration.ofMillis(300)).rerank(PROFILE, RANKED)
                .block(Duration.ofSeconds(10));

        assertThat(result).isEqualTo(RANKED);
    }

    @Test
    void anOutageOrAnUnreadableAnswerFallsBackToTheInProcessRanking() {
        answer(500, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
        assertThat(reranker(Duration.ofSeconds(5)).rerank(PROFILE, RANKED).block()).isEqualTo(RANKED);
    }

    @Test
    void proseInsteadOfJsonFallsBackToTheInProcessRanking() {
        answer(200, completion("I think this shopper would love strawberries."));
        assertThat(reranker(Duration.ofSeconds(5)).rerank(PROFILE, RANKED).block()).isEqualTo(RANKED);
    }

    private Reranker reranker(Duration timeout) {
        return ChatClientReranker.openAi(new RecommendationProperties.Llm(true,
                "http://127.0.0.1:" + server.getAddress().getPort() + "/v1", "test-key", "test-model", timeout, 20));
    }

    private void answer(int status, String body) {
        server.createContext("/", exchange -> {
            requestPath.set(exchange.getRequestURI().getPath());
            requestBody.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            respond(exchange, status, body);
        });
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** A chat-completions response as OpenAI sends it. */
    private static String completion(String content) {
        String escaped = JsonMapper.builder().build().writeValueAsString(content);
        return """
                {"id":"chatcmpl-test","object":"chat.completion","created":1764000000,"model":"test-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":%s,"refusal":null},
                             "logprobs":null,"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":120,"completion_tokens":40,"total_tokens":160}}""".formatted(escaped);
    }

    private static Recommendation rec(long id, String name) {
        Instant now = Instant.now();
        SaleView sale = new SaleView(id, 100 + id, name, null, 20_000, 9_900, 50, 100, 100, 1, SaleStatus.ON_SALE,
                now.minusSeconds(60), now.plusSeconds(3600), new SaleView.Links(null, null));
        return new Recommendation(sale, "Popular right now", 1.0 / id);
    }
}
