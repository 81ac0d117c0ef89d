package dev.flashsale.catalog;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Admin input for a product; {@code version} is required on update (optimistic locking). */
record ProductRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 4000) String description,
        @NotBlank @Size(max = 100) String category,
        @Size(max = 100) String brand,
        @Size(max = 1000) @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String imageUrl,
        @NotNull @Positive @Max(1_000_000_000L) Long originalPrice,
        @Size(max = 64) @Pattern(regexp = "[0-9]+", message = "must be digits") String coupangProductId,
        @Size(max = 1000) @Pattern(regexp = "https://(www\\.|link\\.)?coupang\\.com/\\S+", message = "must be a coupang.com URL") String coupangUrl,
        @Size(max = 64) @Pattern(regexp = "[0-9]+", message = "must be digits") String kurlyGoodsNo,
        @Size(max = 1000) @Pattern(regexp = "https://(www\\.)?kurly\\.com/\\S+", message = "must be a kurly.com URL") String kurlyUrl,
        Long version) {
}
