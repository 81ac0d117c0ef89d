package dev.flashsale.infra.web;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class ShedSettingsTest {

    private static ShedSettings settings(int min, int initial, int max, Duration retryAfter, Duration retryAfterMax) {
        return new ShedSettings(true, initial, min, max, Duration.ofMillis(100), retryAfter, retryAfterMax);
    }

    @Test
    void theDefaultsAndASingleRetryAfterAreAccepted() {
        assertThatCode(() -> settings(32, 64, 512, Duration.ofSeconds(1), Duration.ofSeconds(3))).doesNotThrowAnyException();
        assertThatCode(() -> settings(1, 1, 1, Duration.ofSeconds(2), Duration.ofSeconds(2))).doesNotThrowAnyException();
    }

    @Test
    void aLongestRetryAfterShorterThanTheShortestIsRefused() {
        assertThatThrownBy(() -> settings(32, 64, 512, Duration.ofSeconds(3), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry-after-max");
    }

    @Test
    void limitsOutOfOrderOrNonPositiveDurationsAreRefused() {
        assertThatThrownBy(() -> settings(64, 32, 512, Duration.ofSeconds(1), Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("min-limit");
        assertThatThrownBy(() -> settings(32, 64, 512, Duration.ZERO, Duration.ofSeconds(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retry-after");
    }
}
