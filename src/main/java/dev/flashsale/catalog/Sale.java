package dev.flashsale.catalog;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** A limited-quantity, time-boxed sale of one product. Live stock lives in Redis, not here. */
@Table("sale")
public record Sale(
        @Id Long id,
        long productId,
        long salePrice,
        int totalQuantity,
        int perUserLimit,
        Instant startsAt,
        Instant endsAt,
        @Version Long version,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isOpenAt(Instant now) {
        return !now.isBefore(startsAt) && now.isBefore(endsAt);
    }
}
