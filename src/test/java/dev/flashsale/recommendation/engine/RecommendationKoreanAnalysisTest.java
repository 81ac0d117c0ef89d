package dev.flashsale.recommendation.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecommendationKoreanAnalysisTest {

    private final KoreanText text = new KoreanText();

    @Test
    void noriSplitsCompoundsAndDropsParticlesAndPackSizes() {
        assertThat(text.terms("논산 설향딸기를 500g")).contains("딸기").doesNotContain("를", "500", "g", "설향딸기를");
        assertThat(text.terms("딸기우유 4개입")).contains("딸기", "우유");
    }

    @Test
    void differentStrawberryProductsAreMoreSimilarThanUnrelatedOnes() {
        List<Item> items = List.of(
                new Item(1, "논산 설향딸기 500g", "과일", "새콤달콤한 겨울 딸기"),
                new Item(2, "유기농 딸기 1kg 특품", "과일", null),
                new Item(3, "딸기우유 200ml 24팩", "유제품", "딸기 과즙이 들어간 우유"),
                new Item(4, "제주 감귤 3kg", "과일", "달콤한 귤"),
                new Item(5, "주방세제 리필 1.2L", "생활용품", "설거지용 세제"),
                new Item(6, "한우 등심 구이용 300g", "정육", null),
                new Item(7, "국내산 고구마 2kg", "채소", null),
                new Item(8, "생수 2L 12병", "음료", null),
                new Item(9, "바닐라 아이스크림", "간식", null),
                new Item(10, "고등어 순살 필렛", "수산", null),
                new Item(11, "무항생제 달걀 30구", "유제품", null));
        ContentIndex index = ContentIndex.build(items, text);

        double strawberries = index.similarity(1, 2);
        assertThat(strawberries).isGreaterThan(index.similarity(1, 4));
        assertThat(strawberries).isGreaterThan(index.similarity(1, 5));
        assertThat(index.similarity(1, 3)).isGreaterThan(index.similarity(1, 6)).isGreaterThan(0);
        assertThat(index.neighbours(3).of(1)).first().extracting(Neighbours.Neighbour::itemId).isIn(2L, 3L);
    }
}
