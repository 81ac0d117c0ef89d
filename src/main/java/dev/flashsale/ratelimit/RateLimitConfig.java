package dev.flashsale.ratelimit;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.flashsale.catalog.CatalogCache;
import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfig {

    @Bean
    RateLimiter rateLimiter(ReactiveStringRedisTemplate redis, CatalogCache catalog, RateLimitProperties props,
            MeterRegistry registry, Clock clock) {
        RateLimiter.LimitedSales sales = saleId -> catalog.snapshot().map(snapshot -> snapshot.sale(saleId)
                .map(sale -> clock.instant().isBefore(sale.endsAt().plus(props.cleanupAfter())))
                .orElse(false));
        return new RateLimiter(new TokenBuckets(redis, props), sales, new RateLimitMetrics(registry), props.enabled());
    }
}
