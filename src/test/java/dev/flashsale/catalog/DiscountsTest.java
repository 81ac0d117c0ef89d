package dev.flashsale.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DiscountsTest {

    @Test
    void roundsDownSoTheAdvertisedRateIsNeverOverstated() {
        assertThat(Discounts.rate(10_000, 6_667)).isEqualTo(33); // 33.33%
        assertThat(Discounts.rate(3, 1)).isEqualTo(66);          // 66.67% is not shown as 67%
        assertThat(Discounts.rate(12_900, 6_900)).isEqualTo(46); // 46.51%
        assertThat(Discounts.rate(10_000, 5_000)).isEqualTo(50);
    }

    @Test
    void noDiscountWhenSalePriceIsNotLower() {
        assertThat(Discounts.rate(10_000, 10_000)).isZero();
        assertThat(Discounts.rate(10_000, 12_000)).isZero();
    }
}
