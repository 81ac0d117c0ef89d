package dev.flashsale.catalog;

/**
 * Live stock of one sale. Invariant: {@code available + offered + held + sold == total}, all
 * non-negative; {@code offered} are units returned while shoppers waited, each reserved for one
 * waitlisted shopper for a claim window.
 */
public record StockLevel(long available, long held, long sold, long total, long offered) {

    /** Stock with nothing on offer. */
    public StockLevel(long available, long held, long sold, long total) {
        this(available, held, sold, total, 0);
    }

    public static StockLevel untouched(Sale sale) {
        return new StockLevel(sale.totalQuantity(), 0, 0, sale.totalQuantity());
    }
}
