package dev.flashsale.marketplace.sync;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashsale.marketplace.sync.PriceDrift.Reason;
import dev.flashsale.marketplace.sync.PriceDrift.SalePrice;

class PriceDriftTest {

    @Test
    void marketplaceBelowOurSalePriceUndercuts() {
        assertThat(PriceDrift.check(6_900, null, new SalePrice(7, 7_000), 10))
                .singleElement().satisfies(a -> {
                    assertThat(a.reason()).isEqualTo(Reason.UNDERCUTS_SALE);
                    assertThat(a.saleId()).isEqualTo(7L);
                    assertThat(a.ourPrice()).isEqualTo(7_000L);
                });
    }

    @Test
    void equalPriceIsNotAnUndercut() {
        assertThat(PriceDrift.check(7_000, null, new SalePrice(7, 7_000), 10)).isEmpty();
    }

    @Test
    void moveBeyondThresholdAlertsInEitherDirection() {
        assertThat(PriceDrift.check(11_100, 10_000L, null, 10)).singleElement()
                .satisfies(a -> {
                    assertThat(a.reason()).isEqualTo(Reason.PRICE_MOVED);
                    assertThat(a.changePercent()).isEqualTo(11);
                });
        assertThat(PriceDrift.check(8_800, 10_000L, null, 10)).extracting(PriceDrift.Alert::changePercent)
                .containsExactly(-12);
    }

    @Test
    void moveWithinThresholdIsQuiet() {
        assertThat(PriceDrift.check(11_000, 10_000L, null, 10)).isEmpty();
        assertThat(PriceDrift.check(9_000, 10_000L, null, 10)).isEmpty();
    }

    @Test
    void firstObservationCannotHaveMoved() {
        assertThat(PriceDrift.check(1, null, null, 10)).isEmpty();
    }

    @Test
    void bigDropBelowOurSaleRaisesBoth() {
        assertThat(PriceDrift.check(5_000, 10_000L, new SalePrice(3, 7_000), 10))
                .extracting(PriceDrift.Alert::reason)
                .containsExactly(Reason.UNDERCUTS_SALE, Reason.PRICE_MOVED);
    }
}
