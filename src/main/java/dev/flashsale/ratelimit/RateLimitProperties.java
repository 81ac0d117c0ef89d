package dev.flashsale.ratelimit;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

/**
 * Token buckets per sale and scope (see {@link RateLimitScope}): one per shopper, one per client
 * address. A request takes a token from both or is refused with 429.
 *
 * @param enabled      limit at all (tests of other features turn it off)
 * @param shopper      each shopper's bucket: a burst of {@code capacity} requests, then {@code refill-per-second}
 * @param ip           each client address's bucket (IPv6 by /64); sized for many shoppers behind one NAT
 * @param cleanupAfter how long after a sale's end its buckets are deleted (and requests no longer limited)
 */
@Validated
@ConfigurationProperties("flashsale.rate-limit")
record RateLimitProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue @Valid ShopperBucket shopper,
        @DefaultValue @Valid IpBucket ip,
        @DefaultValue("1h") Duration cleanupAfter) {

    /** A bucket's size: {@code capacity} requests in a burst (it starts full), {@code refillPerSecond} sustained. */
    interface Bucket {

        int capacity();

        double refillPerSecond();

        /** Time the bucket takes to refill from empty. */
        default long fillMillis() {
            return (long) Math.ceil(capacity() * 1000 / refillPerSecond());
        }
    }

    /** An honest shopper clicks reserve a few times; a script hammering it gets one a second. */
    record ShopperBucket(@DefaultValue("10") @Positive int capacity, @DefaultValue("1") @Positive double refillPerSecond)
            implements Bucket {
    }

    /** Hundreds of shoppers behind one NAT may reserve in the same second of a sale's start. */
    record IpBucket(@DefaultValue("300") @Positive int capacity, @DefaultValue("50") @Positive double refillPerSecond)
            implements Bucket {
    }

    /**
     * Length of a bucket generation in Redis: a bucket untouched this long is full again (see
     * {@code lua/rate_limit.lua}). At least a second.
     */
    long generationMillis() {
        return Math.max(1_000, Math.max(shopper.fillMillis(), ip.fillMillis()));
    }
}
