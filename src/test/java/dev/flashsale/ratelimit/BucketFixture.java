package dev.flashsale.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.flashsale.support.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Token buckets and a limiter on their own connection to a Redis (the test one, or a dead port). */
final class BucketFixture implements AutoCloseable {

    private static final AtomicLong SALE_IDS = new AtomicLong(System.currentTimeMillis() % 1_000_000_000L * 10 + 7);

    final LettuceConnectionFactory factory;
    final ReactiveStringRedisTemplate redis;
    final RateLimitProperties props;
    final TokenBuckets buckets;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    BucketFixture(RateLimitProperties props) {
        this(props, TestServers.get().redisClusterNodes() == null
                ? new RedisStandaloneConfiguration(TestServers.get().redisHost(), TestServers.get().redisPort())
                : new RedisClusterConfiguration(List.of(TestServers.get().redisClusterNodes().split(","))));
    }

    BucketFixture(RateLimitProperties props, String host, int port) {
        this(props, new RedisStandaloneConfiguration(host, port));
    }

    private BucketFixture(RateLimitProperties props, RedisConfiguration redisAt) {
        factory = new LettuceConnectionFactory(redisAt,
                LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(2)).build());
        factory.afterPropertiesSet();
        factory.start();
        redis = new ReactiveStringRedisTemplate(factory);
        this.props = props;
        buckets = new TokenBuckets(redis, props);
    }

    static RateLimitProperties limits(int shopperCapacity, double shopperRefill, int ipCapacity, double ipRefill) {
        return new RateLimitProperties(true, new RateLimitProperties.ShopperBucket(shopperCapacity, shopperRefill),
                new RateLimitProperties.IpBucket(ipCapacity, ipRefill), Duration.ofHours(1));
    }

    /** A sale id no other test uses, so its buckets start empty of state (full). */
    static long freshSale() {
        return SALE_IDS.incrementAndGet();
    }

    /** A limiter that limits every sale. */
    RateLimiter limiter() {
        return new RateLimiter(buckets, saleId -> reactor.core.publisher.Mono.just(true), new RateLimitMetrics(registry), true);
    }

    TokenBuckets.Decision take(RateLimitScope scope, long saleId, String shopper, String ip, long nowMillis) {
        return buckets.take(scope, saleId, shopper, ip, String.valueOf(nowMillis)).block();
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
