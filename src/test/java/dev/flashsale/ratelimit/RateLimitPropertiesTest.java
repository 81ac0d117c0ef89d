package dev.flashsale.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import io.lettuce.core.cluster.SlotHash;

class RateLimitPropertiesTest {

    @Test
    void defaultsAreTheDocumentedOnesAndAGenerationIsTheLongestRefill() {
        RateLimitProperties props = bind(Map.of());
        assertThat(props.enabled()).isTrue();
        assertThat(props.shopper()).isEqualTo(new RateLimitProperties.ShopperBucket(10, 1));
        assertThat(props.ip()).isEqualTo(new RateLimitProperties.IpBucket(300, 50));
        assertThat(props.cleanupAfter()).isEqualTo(Duration.ofHours(1));
        assertThat(props.generationMillis()).as("10 tokens at 1/s").isEqualTo(10_000);
    }

    @Test
    void oneBucketCanBeChangedAloneAndAGenerationIsAtLeastASecond() {
        RateLimitProperties props = bind(Map.of("flashsale.rate-limit.ip.capacity", "1000000000",
                "flashsale.rate-limit.ip.refill-per-second", "1000000000",
                "flashsale.rate-limit.shopper.refill-per-second", "100"));
        assertThat(props.shopper()).isEqualTo(new RateLimitProperties.ShopperBucket(10, 100));
        assertThat(props.generationMillis()).isEqualTo(1_000);
    }

    @Test
    void bucketKeysOfASaleShareTheClusterSlotOfTheEnginesKeysOfThatSale() {
        int engineSlot = SlotHash.getSlot("fs:{42}:stock");
        assertThat(TokenBuckets.keys(42)).allSatisfy(key -> assertThat(SlotHash.getSlot(key)).isEqualTo(engineSlot))
                .noneMatch(key -> key.startsWith("fs:"));
    }

    private static RateLimitProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("flashsale.rate-limit", RateLimitProperties.class);
    }
}
