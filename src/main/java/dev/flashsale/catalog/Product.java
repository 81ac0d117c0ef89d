package dev.flashsale.catalog;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A product as listed on the marketplaces; prices in KRW. */
@Table("product")
public record Product(
        @Id Long id,
        String name,
        String description,
        String category,
        String brand,
        String imageUrl,
        long originalPrice,
        String coupangProductId,
        String coupangUrl,
        String kurlyGoodsNo,
        String kurlyUrl,
        @Version Long version,
        Instant createdAt,
        Instant updatedAt) {
}
