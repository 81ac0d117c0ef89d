package dev.flashsale.recommendation.profile;

import java.util.List;

import dev.flashsale.recommendation.engine.PriceBand;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** The editable part of a profile; a PUT replaces all of it. */
record ProfileRequest(
        AgeBand ageBand,
        @Size(max = 64) String region,
        @Size(max = 10) List<@NotBlank @Size(max = 100) String> preferredCategories,
        PriceBand priceBand) {
}
