package dev.flashsale.catalog;

import java.time.Instant;

/** What the sale page shows; derived from the clock and live stock, never stored. */
public enum SaleStatus {
    UPCOMING, ON_SALE, SOLD_OUT, ENDED;

    public static SaleStatus of(Sale sale, long available, Instant now) {
        if (now.isBefore(sale.startsAt())) {
            return UPCOMING;
        }
        if (!now.isBefore(sale.endsAt())) {
            return ENDED;
        }
        return available <= 0 ? SOLD_OUT : ON_SALE;
    }
}
