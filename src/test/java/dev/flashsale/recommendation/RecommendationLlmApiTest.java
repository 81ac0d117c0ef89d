package dev.flashsale.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.sun.net.httpserver.HttpServer;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service with LLM re-ranking switched on, against a fake OpenAI-compatible provider that
 * reverses whatever order it is given, and then against the same provider failing.
 */
class RecommendationLlmApiTest extends IntegrationTest {

    private static final Pattern SALE_ID = Pattern.compile("saleId (\\d+):");
    private static final AtomicBoolean UP = new AtomicBoolean(true);
    private static final List<Long> LAST_SEEN = Collections.synchronizedList(new ArrayList<>());
    private static final HttpServer PROVIDER = fakeProvider();

    @DynamicPropertySource
    static void llm(DynamicPropertyRegistry registry) {
        registry.add("flashsale.recommendation.llm.enabled", () -> "true");
        registry.add("flashsale.recommendation.llm.base-url",
                () -> "http://127.0.0.1:" + PROVIDER.getAddress().getPort() + "/v1");
        registry.add("flashsale.recommendation.llm.api-key", () -> "test-key");
        registry.add("flashsale.recommendation.llm.timeout", () -> "3s");
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.stop(0);
    }

    @Test
    void theProvidersOrderAndReasonsAreServedWhenItAnswers() {
        for (int i = 0; i < 4; i++) {
            openSale(10, 1);
        }
        UP.set(true);

        JsonNode top = recommendations();

        assertThat(top.size()).isEqualTo(3);
        assertThat(LAST_SEEN).hasSizeGreaterThanOrEqualTo(4);
        assertThat(top.get(0).get("sale").get("id").asLong()).isEqualTo(LAST_SEEN.get(LAST_SEEN.size() - 1));
        top.forEach(r -> assertThat(r.get("reason").asString()).isEqualTo("Picked for you by the assistant"));
    }

    @Test
    void theInProcessRankingIsServedWhenTheProviderFails() {
        for (int i = 0; i < 4; i++) {
            openSale(10, 1);
        }
        UP.set(false);

        JsonNode top = recommendations();

        assertThat(top.size()).isEqualTo(3);
        top.forEach(r -> assertThat(r.get("reason").asString()).isNotEqualTo("Picked for you by the assistant"));
    }

    private JsonNode recommendations() {
        return client().get().uri("/api/recommendations?limit=3").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static HttpServer fakeProvider() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/v1/chat/completions", exchange -> {
                String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                List<Long> ids = new ArrayList<>();
                Matcher m = SALE_ID.matcher(request);
                while (m.find()) {
                    ids.add(Long.parseLong(m.group(1)));
                }
                LAST_SEEN.clear();
                LAST_SEEN.addAll(ids);
                List<Map<String, Object>> order = new ArrayList<>();
                for (int i = ids.size() - 1; i >= 0; i--) {
                    order.add(Map.of("saleId", ids.get(i), "reason", "Picked for you by the assistant"));
                }
                JsonMapper json = JsonMapper.builder().build();
                String content = json.writeValueAsString(Map.of("order", order));
                String body = UP.get() ? json.writeValueAsString(Map.of("id", "chatcmpl-1", "object", "chat.completion",
                        "created", Instant.now().getEpochSecond(), "model", "gpt-4o-mini",
                        "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                                "message", Map.of("role", "assistant", "content", content)))))
                        : "{\"error\":{\"message\":\"down\",\"type\":\"server_error\"}}";
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(UP.get() ? 200 : 503, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
