package dev.flashsale.recommendation.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;

import dev.flashsale.catalog.SaleStatus;
import dev.flashsale.catalog.SaleView;
import dev.flashsale.recommendation.Recommendation;
import dev.flashsale.recommendation.engine.PriceBand;
import dev.flashsale.recommendation.profile.AgeBand;
import dev.flashsale.recommendation.profile.ShopperProfile;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The re-ranker through Spring AI's OpenAI model against a fake provider, including its outages. */
class RecommendationRerankerTest {

    private static final ShopperProfile PROFILE = new ShopperProfile("s1", AgeBand.AGE_30S, "서울",
            List.of("과일"), PriceBand.MID, Instant.now());
    private static final List<Recommendation> RANKED = List.of(rec(1, "논산 설향딸기 500g"), rec(2, "주방세제 1.2L"),
            rec(3, "유기농 딸기 1kg"));

    private final FakeOpenAiServer provider = FakeOpenAiServer.start();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void stop() {
        provider.close();
    }

    @Test
    void reordersAndRewordsWithTheProvidersAnswerButOnlyAmongTheGivenSales() {
        provider.answer(request -> FakeOpenAiServer.completion("""
                ```json
                {"order":[{"saleId":3,"reason":"과일을 좋아하셔서 유기농 딸기"},{"saleId":99,"reason":"invented"},
                {"saleId":1,"reason":""}]}
                ```"""));

        List<Recommendation> result = reranker(Duration.ofSeconds(5)).rerank(PROFILE, RANKED).block();

        assertThat(result).extracting(r -> r.sale().id()).containsExactly(3L, 1L, 2L);
        assertThat(result.get(0).reason()).isEqualTo("과일을 좋아하셔서 유기농 딸기");
        assertThat(result.get(1).reason()).isEqualTo(RANKED.get(0).reason());
        assertThat(provider.lastPath()).isEqualTo("/v1/chat/completions");
        assertThat(provider.lastRequest()).contains("\"model\":\"test-model\"", "\"messages\"", "유기농 딸기 1kg",
                "AGE_30S");
        assertThat(fallbacks()).isZero();
    }

    @Test
    void aSlowProviderFallsBackToTheInProcessRankingAfterTheTimeout() {
        provider.answer(request -> null);

        List<Recommendation> result = reranker(Duration.ofMillis(300)).rerank(PROFILE, RANKED)
                .block(Duration.ofSeconds(10));

        assertThat(result).isEqualTo(RANKED);
        assertThat(fallbacks()).isEqualTo(1);
    }

    @Test
    void anOutageFallsBackToTheInProcessRanking() {
        provider.answer(request -> FakeOpenAiServer.failure(500));
        assertThat(reranker(Duration.ofSeconds(5)).rerank(PROFILE, RANKED).block()).isEqualTo(RANKED);
        assertThat(fallbacks()).isEqualTo(1);
    }

    @Test
    void proseInsteadOfJsonFallsBackToTheInProcessRanking() {
        provider.answer(request -> FakeOpenAiServer.completion("I think this shopper would love strawberries."));
        assertThat(reranker(Duration.ofSeconds(5)).rerank(PROFILE, RANKED).block()).isEqualTo(RANKED);
        assertThat(fallbacks()).isEqualTo(1);
    }

    private double fallbacks() {
        return meters.counter("flashsale.recommendation.llm.fallbacks").count();
    }

    private Reranker reranker(Duration timeout) {
        return new ChatClientReranker(ChatClient.create(provider.chatModel(timeout)), timeout, meters);
    }

    private static Recommendation rec(long id, String name) {
        Instant now = Instant.now();
        SaleView sale = new SaleView(id, 100 + id, name, null, 20_000, 9_900, 50, 100, 100, 1, SaleStatus.ON_SALE,
                now.minusSeconds(60), now.plusSeconds(3600), new SaleView.Links(null, null));
        return new Recommendation(sale, "Popular right now", 1.0 / id);
    }
}
