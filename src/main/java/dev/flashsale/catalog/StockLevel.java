package dev.flashsale.catalog;

/**
 * Live stock of one sale. Invariant: {@code available + held + sold == total}, all non-negative.
 */
public record StockLevel(long available, long held, long sold, long total) {

    public static StockLevel untouched(Sale sale) {
        return new StockLevel(sale.totalQuantity(), 0, 0, sale.totalQuantity());
    }
}
