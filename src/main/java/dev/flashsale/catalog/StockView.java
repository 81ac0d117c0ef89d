package dev.flashsale.catalog;

/**
 * {@code GET /api/sales/{id}/stock}: the live counters of one sale. {@code offered} are units held
 * back for waitlisted shoppers during their claim window; {@code available + offered + held + sold == total}.
 */
public record StockView(long saleId, long available, long held, long sold, long total, SaleStatus status, long offered) {

    static StockView of(Sale sale, StockLevel level, java.time.Instant now) {
        return new StockView(sale.id(), level.available(), level.held(), level.sold(), level.total(),
                SaleStatus.of(sale, level.available(), now), level.offered());
    }
}
