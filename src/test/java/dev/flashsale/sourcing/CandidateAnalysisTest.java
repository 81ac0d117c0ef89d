package dev.flashsale.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import tools.jackson.databind.json.JsonMapper;

class CandidateAnalysisTest {

    private static ExternalProduct offer(String name, long price, Long original) {
        return new ExternalProduct("s", null, name, price, original, null, null, null);
    }

    @Test
    void decoratedNamesOfTheSameProductShareAKey() {
        assertThat(CandidateAnalysis.key("[로켓배송] 설향 딸기 1kg")).isEqualTo(CandidateAnalysis.key("설향딸기 1KG"))
                .isEqualTo(CandidateAnalysis.key("설향 딸기 1kg (특)"));
        assertThat(CandidateAnalysis.key("설향 딸기 2kg")).isNotEqualTo(CandidateAnalysis.key("설향 딸기 1kg"));
    }

    @Test
    void evenCountMedianIsTheMeanOfTheMiddleTwoRoundedDown() {
        Candidate c = CandidateAnalysis.candidates(List.of(offer("a", 100, null), offer("a", 301, null),
                offer("a", 200, null), offer("a", 900, null))).get(0);
        assertThat(c.prices()).isEqualTo(new Candidate.PriceStats(4, 100, 250, 900));
    }

    @Test
    void withoutOriginalPricesTheHighestPriceIsTheListPrice() {
        Candidate c = CandidateAnalysis.candidates(List.of(offer("a", 8_000, null), offer("a", 10_000, null))).get(0);
        assertThat(c.discounts().listPrice()).isEqualTo(10_000L);
        assertThat(c.discounts().atMin()).isEqualTo(20);
        assertThat(c.discounts().thirtyPercentOffPrice()).isEqualTo(7_000L);
        assertThat(c.discounts().thirtyPercentOffBeatsMarket()).isTrue();
    }

    @Test
    void moreOffersRankFirst() {
        List<Candidate> cs = CandidateAnalysis.candidates(List.of(offer("solo", 1, null), offer("pair", 5, null),
                offer("pair", 6, null)));
        assertThat(cs).extracting(Candidate::name).containsExactly("pair", "solo");
    }

    @Test
    void parserReadsCoupangShapedTextAndSkipsUnusableEntries() {
        CallToolResult result = CallToolResult.builder().addTextContent("""
                {"data":{"productData":[{"productId":1,"productName":"딸기","productPrice":9900},
                 {"productName":"no price"},{"productPrice":100}]}}""").build();
        assertThat(new ExternalProductParser(JsonMapper.builder().build()).parse("c", result))
                .singleElement().satisfies(p -> {
                    assertThat(p.externalId()).isEqualTo("1");
                    assertThat(p.price()).isEqualTo(9_900L);
                    assertThat(p.originalPrice()).isNull();
                });
    }

    @Test
    void parserReadsStructuredContentWithTextPrices() {
        CallToolResult result = CallToolResult.builder().addTextContent("ignored")
                .structuredContent(Map.of("items", List.of(Map.of("title", "딸기", "price", "12,900원",
                        "listPrice", "19,900")))).build();
        assertThat(new ExternalProductParser(JsonMapper.builder().build()).parse("f", result))
                .singleElement().satisfies(p -> {
                    assertThat(p.price()).isEqualTo(12_900L);
                    assertThat(p.originalPrice()).isEqualTo(19_900L);
                });
    }
}
