package dev.flashsale.catalog;

/** {@code GET /api/sales/{id}/stock}: the live counters of one sale. */
public record StockView(long saleId, long available, long held, long sold, long total, SaleStatus status) {
}
