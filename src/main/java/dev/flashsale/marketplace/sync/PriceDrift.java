package dev.flashsale.marketplace.sync;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides which price changes deserve an alert: a marketplace price below our flash-sale price
 * (shoppers would be better off elsewhere), or a move of more than the configured percentage
 * since the previous observation (our "deep discount" claim may no longer hold).
 */
final class PriceDrift {

    enum Reason {
        UNDERCUTS_SALE, PRICE_MOVED
    }

    record Alert(Reason reason, Long saleId, Long ourPrice, Long previousPrice, Integer changePercent) {
    }

    private PriceDrift() {
    }

    /**
     * @param cheapestSale the id and price of our lowest live or upcoming sale of the product, or null
     * @param previousPrice the last observed price on this marketplace, or null if none
     */
    static List<Alert> check(long marketplacePrice, Long previousPrice, SalePrice cheapestSale, int thresholdPercent) {
        List<Alert> alerts = new ArrayList<>();
        if (cheapestSale != null && marketplacePrice < cheapestSale.price()) {
            alerts.add(new Alert(Reason.UNDERCUTS_SALE, cheapestSale.saleId(), cheapestSale.price(), previousPrice,
                    previousPrice == null ? null : changePercent(previousPrice, marketplacePrice)));
        }
        if (previousPrice != null && previousPrice > 0) {
            int change = changePercent(previousPrice, marketplacePrice);
            if (Math.abs(change) > thresholdPercent) {
                alerts.add(new Alert(Reason.PRICE_MOVED, cheapestSale == null ? null : cheapestSale.saleId(),
                        cheapestSale == null ? null : cheapestSale.price(), previousPrice, change));
            }
        }
        return alerts;
    }

    /** Signed whole percent change, truncated toward zero: only whole percents beyond the threshold alert. */
    static int changePercent(long before, long after) {
        return (int) ((after - before) * 100 / before);
    }

    record SalePrice(long saleId, long price) {
    }
}
