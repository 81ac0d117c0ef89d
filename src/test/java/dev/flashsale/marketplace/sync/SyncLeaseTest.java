package dev.flashsale.marketplace.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.flashsale.marketplace.MarketplaceIntegrationTest;

/** The lease against the real Redis: exclusive, renewable and releasable only by its holder. */
class SyncLeaseTest extends MarketplaceIntegrationTest {

    @Autowired
    ReactiveStringRedisTemplate redis;

    private SyncLease lease() {
        return new SyncLease(redis, Duration.ofSeconds(30));
    }

    @AfterEach
    void clean() {
        redis.delete(SyncLease.KEY).block();
    }

    @Test
    void onlyOneHolderAtATime() {
        String token = lease().acquire("a").block();
        assertThat(token).startsWith("a/");
        assertThat(lease().acquire("b").blockOptional()).isEmpty();
        assertThat(redis.getExpire(SyncLease.KEY).block()).isPositive();
    }

    @Test
    void onlyTheHolderRenewsOrReleases() {
        String token = lease().acquire("a").block();

        assertThat(lease().renew("b/forged").block()).isFalse();
        assertThat(lease().release("b/forged").block()).isFalse();
        assertThat(redis.opsForValue().get(SyncLease.KEY).block()).isEqualTo(token);

        assertThat(lease().renew(token).block()).isTrue();
        assertThat(lease().release(token).block()).isTrue();
        assertThat(redis.hasKey(SyncLease.KEY).block()).isFalse();
        assertThat(lease().acquire("b").block()).startsWith("b/");
    }

    @Test
    void anExpiredHolderCannotReleaseTheNextOnesLease() {
        String stale = lease().acquire("a").block();
        redis.delete(SyncLease.KEY).block(); // a's lease ran out
        String next = lease().acquire("b").block();

        assertThat(lease().release(stale).block()).isFalse();
        assertThat(redis.opsForValue().get(SyncLease.KEY).block()).isEqualTo(next);
    }
}
