package dev.flashsale.marketplace;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Marketplace integration settings. Credentials come from the environment
 * ({@code FLASHSALE_MARKETPLACE_COUPANG_ACCESS_KEY}, {@code ..._SECRET_KEY}); without them the
 * Coupang client is simply not used.
 */
@ConfigurationProperties("flashsale.marketplace")
public record MarketplaceProperties(@DefaultValue Coupang coupang, @DefaultValue Kurly kurly, @DefaultValue Sync sync) {

    /** Coupang Partners' terms let a partner keep product data for at most five minutes. */
    static final Duration COUPANG_MAX_CACHE = Duration.ofMinutes(5);

    public record Coupang(
            @DefaultValue("https://api-gateway.coupang.com") URI baseUrl,
            String accessKey,
            String secretKey,
            @DefaultValue("5m") Duration cacheTtl,
            @DefaultValue("3s") Duration timeout,
            @DefaultValue("1") int maxRetries,
            @DefaultValue("500ms") Duration retryBackoff,
            // The gateway allows about 10 searches an hour and 100 deeplink calls a minute, and
            // locks a partner out after repeated violations, so we stay below both.
            @DefaultValue("8") int searchCallsPerHour,
            @DefaultValue("80") int deeplinkCallsPerMinute,
            @DefaultValue Breaker breaker) {

        public boolean configured() {
            return accessKey != null && !accessKey.isBlank() && secretKey != null && !secretKey.isBlank();
        }

        /** Never longer than the provider permits, whatever is configured. */
        public Duration effectiveCacheTtl() {
            return cacheTtl.compareTo(COUPANG_MAX_CACHE) > 0 ? COUPANG_MAX_CACHE : cacheTtl;
        }
    }

    public record Breaker(
            @DefaultValue("50") float failureRatePercent,
            @DefaultValue("4") int minimumCalls,
            @DefaultValue("10") int windowSize,
            @DefaultValue("60s") Duration openFor) {
    }

    /** Kurly has no partner API; a product-data source must be plugged in and switched on. */
    public record Kurly(@DefaultValue("false") boolean enabled) {
    }

    public record Sync(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("15m") Duration interval,
            @DefaultValue("2m") Duration leaseTtl,
            @DefaultValue("10") int alertChangePercent,
            @DefaultValue("50") int maxProductsPerRun) {
    }
}
