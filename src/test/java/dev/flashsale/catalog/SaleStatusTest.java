package dev.flashsale.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class SaleStatusTest {

    private final Instant start = Instant.parse("2026-12-01T10:00:00Z");
    private final Instant end = Instant.parse("2026-12-01T12:00:00Z");
    private final Sale sale = new Sale(1L, 1L, 1_000, 10, 1, start, end, 0L, start, start);

    @Test
    void upcomingBeforeStartOnSaleInsideWindowEndedFromEnd() {
        assertThat(SaleStatus.of(sale, 10, start.minusMillis(1))).isEqualTo(SaleStatus.UPCOMING);
        assertThat(SaleStatus.of(sale, 10, start)).isEqualTo(SaleStatus.ON_SALE);
        assertThat(SaleStatus.of(sale, 10, end.minusMillis(1))).isEqualTo(SaleStatus.ON_SALE);
        assertThat(SaleStatus.of(sale, 10, end)).isEqualTo(SaleStatus.ENDED);
    }

    @Test
    void soldOutOnlyWhileOpenAndNothingAvailable() {
        assertThat(SaleStatus.of(sale, 0, start.plusSeconds(1))).isEqualTo(SaleStatus.SOLD_OUT);
        assertThat(SaleStatus.of(sale, 0, start.minusSeconds(1))).isEqualTo(SaleStatus.UPCOMING);
        assertThat(SaleStatus.of(sale, 0, end)).isEqualTo(SaleStatus.ENDED);
    }
}
