package dev.flashsale.catalog;

import java.time.Instant;

/** The public shape of a sale, as fixed by the HTTP contract. */
public record SaleView(
        long id,
        long productId,
        String name,
        String imageUrl,
        long originalPrice,
        long salePrice,
        int discountRate,
        long totalQuantity,
        long remaining,
        int perUserLimit,
        SaleStatus status,
        Instant startsAt,
        Instant endsAt,
        Links links) {

    public record Links(String coupang, String kurly) {
    }

    static SaleView of(Sale sale, Product product, StockLevel stock, Instant now) {
        return new SaleView(sale.id(), product.id(), product.name(), product.imageUrl(),
                product.originalPrice(), sale.salePrice(), Discounts.rate(product.originalPrice(), sale.salePrice()),
                stock.total(), stock.available(), sale.perUserLimit(), SaleStatus.of(sale, stock.available(), now),
                sale.startsAt(), sale.endsAt(), new Links(product.coupangUrl(), product.kurlyUrl()));
    }
}
