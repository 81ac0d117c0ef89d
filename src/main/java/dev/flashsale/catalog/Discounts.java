package dev.flashsale.catalog;

/** Discount rate shown to shoppers. */
final class Discounts {

    private Discounts() {
    }

    /**
     * Whole percent off the original price, rounded down so the page never advertises more
     * discount than the shopper gets (Korean advertising rules treat an overstated rate as misleading).
     */
    static int rate(long originalPrice, long salePrice) {
        if (originalPrice <= 0 || salePrice >= originalPrice) {
            return 0;
        }
        return (int) ((originalPrice - salePrice) * 100 / originalPrice);
    }
}
