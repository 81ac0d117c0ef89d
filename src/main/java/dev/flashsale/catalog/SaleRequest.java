package dev.flashsale.catalog;

import java.time.Instant;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/** Admin input for a sale; {@code version} is required on update (optimistic locking). */
record SaleRequest(
        @NotNull @Positive Long productId,
        @NotNull @Positive @Max(1_000_000_000L) Long salePrice,
        @NotNull @PositiveOrZero @Max(10_000_000) Integer totalQuantity,
        @NotNull @Positive @Max(1000) Integer perUserLimit,
        @NotNull Instant startsAt,
        @NotNull Instant endsAt,
        Long version) {

    @AssertTrue(message = "endsAt must be after startsAt")
    boolean isWindowValid() {
        return startsAt == null || endsAt == null || endsAt.isAfter(startsAt);
    }
}
