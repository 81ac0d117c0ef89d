package dev.flashsale.recommendation.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A smaller run of the offline evaluation, so a regression in ranking quality fails the build. */
class RecommendationQualityTest {

    private static final SyntheticShop.Config SMALL = new SyntheticShop.Config(800, 200, 60, 12, 11);
    private static Evaluation.Report report;

    @BeforeAll
    static void evaluate() {
        report = Evaluation.run(SyntheticShop.generate(SMALL), Duration.ofDays(48));
    }

    @Test
    void hybridBeatsPopularityOnHitRateByAClearMargin() {
        assertThat(report.testShoppers()).isGreaterThan(200);
        assertThat(report.row("hybrid").hitRate()).isGreaterThan(2 * report.row("popularity").hitRate());
        assertThat(report.row("hybrid").ndcg()).isGreaterThan(2 * report.row("popularity").ndcg());
    }

    @Test
    void hybridIsAtLeastAsGoodAsAnySingleComponentAndFarBetterThanRandom() {
        double hybrid = report.row("hybrid").hitRate();
        for (String component : new String[] {"behaviour", "content", "profile", "popularity", "popularity by age band",
                "freshness"}) {
            assertThat(hybrid).as(component).isGreaterThanOrEqualTo(report.row(component).hitRate() * 0.98);
        }
        assertThat(hybrid).isGreaterThan(4 * report.row("random").hitRate());
    }

    @Test
    void personalisedRankingsCoverMuchMoreOfTheCatalogueThanPopularity() {
        assertThat(report.row("hybrid").coverage()).isGreaterThan(3 * report.row("popularity").coverage());
    }
}
