package dev.flashsale.recommendation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;

import dev.flashsale.recommendation.llm.FakeOpenAiServer;
import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The service with LLM re-ranking switched on and a Spring AI chat model present (as a provider
 * starter would add it), against a fake provider that reverses whatever order it is given, and
 * then against the same provider failing.
 */
@TestPropertySource(properties = {"flashsale.recommendation.llm.enabled=true",
        "flashsale.recommendation.llm.timeout=3s"})
class RecommendationLlmApiTest extends IntegrationTest {

    private static final String REASON = "Picked for you by the assistant";
    private static final Pattern SALE_ID = Pattern.compile("saleId (\\d+):");
    private static final FakeOpenAiServer PROVIDER = FakeOpenAiServer.start();

    @TestConfiguration
    static class Provider {
        @Bean
        ChatModel chatModel() {
            return PROVIDER.chatModel(Duration.ofSeconds(3));
        }
    }

    @AfterAll
    static void stopProvider() {
        PROVIDER.close();
    }

    @Test
    void theProvidersOrderAndReasonsAreServedWhenItAnswers() {
        createOpenSales();
        PROVIDER.answer(request -> {
            List<Map<String, Object>> reversed = new ArrayList<>();
            saleIds(request).forEach(id -> reversed.add(0, Map.of("saleId", id, "reason", REASON)));
            return FakeOpenAiServer.completion(FakeOpenAiServer.json(Map.of("order", reversed)));
        });

        JsonNode top = recommendations();

        List<Long> offered = saleIds(PROVIDER.lastRequest());
        assertThat(offered).hasSizeGreaterThanOrEqualTo(4);
        assertThat(top.size()).isEqualTo(3);
        assertThat(top.get(0).get("sale").get("id").asLong()).isEqualTo(offered.get(offered.size() - 1));
        top.forEach(r -> assertThat(r.get("reason").asString()).isEqualTo(REASON));
    }

    @Test
    void theInProcessRankingIsServedWhenTheProviderFails() {
        createOpenSales();
        PROVIDER.answer(request -> FakeOpenAiServer.failure(503));

        JsonNode top = recommendations();

        assertThat(top.size()).isEqualTo(3);
        top.forEach(r -> assertThat(r.get("reason").asString()).isNotEqualTo(REASON));
    }

    private void createOpenSales() {
        for (int i = 0; i < 4; i++) {
            openSale(10, 1);
        }
    }

    private JsonNode recommendations() {
        return client().get().uri("/api/recommendations?limit=3").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private static List<Long> saleIds(String request) {
        List<Long> ids = new ArrayList<>();
        Matcher m = SALE_ID.matcher(request);
        while (m.find()) {
            ids.add(Long.parseLong(m.group(1)));
        }
        return ids;
    }
}
