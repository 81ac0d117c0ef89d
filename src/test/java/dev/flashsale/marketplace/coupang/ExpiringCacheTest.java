package dev.flashsale.marketplace.coupang;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.flashsale.marketplace.MarketplaceProperties;
import dev.flashsale.marketplace.MutableClock;
import reactor.core.publisher.Mono;

class ExpiringCacheTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final AtomicInteger loads = new AtomicInteger();

    private Mono<Integer> load() {
        return Mono.fromSupplier(loads::incrementAndGet);
    }

    @Test
    void answersFromMemoryUntilTheTtlThenAsksAgain() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(Duration.ofMinutes(5), 10, clock);

        assertThat(cache.get("k", this::load).block()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(4));
        assertThat(cache.get("k", this::load).block()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(cache.get("k", this::load).block()).isEqualTo(2);
    }

    @Test
    void failuresAreNotCached() {
        ExpiringCache<String, Integer> cache = new ExpiringCache<>(Duration.ofMinutes(5), 10, clock);
        Mono<Integer> failing = cache.get("k", () -> Mono.error(new IllegalStateException("down")));
        assertThat(failing.onErrorReturn(-1).block()).isEqualTo(-1);

        assertThat(cache.get("k", this::load).block()).isEqualTo(1);
    }

    @Test
    void coupangCacheNeverOutlivesTheProvidersFiveMinutes() {
        var props = new MarketplaceProperties.Coupang(null, "a", "s", Duration.ofHours(1), Duration.ofSeconds(1), 0,
                Duration.ofMillis(1), 1, 1, null);
        assertThat(props.effectiveCacheTtl()).isEqualTo(Duration.ofMinutes(5));
    }
}
