package dev.flashsale.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;

import dev.flashsale.catalog.StockLevel;
import dev.flashsale.reservation.Holds;
import reactor.core.publisher.Mono;

/**
 * When each sale last ran out of available units, shared by all instances in one Redis hash
 * ({@code fs:live:sold-out}: sale id -> instant). Set by the first instance that sees the sale at zero
 * available (a monitor's tick, or a sold-out answer on the reserve path), cleared when units come back
 * (a release, an expiry, added stock), so a sale that sells out again gets its new time. Times of
 * sales that ended over a day ago are dropped every {@link LiveRates#FORGET_EVERY}.
 */
@Component
class SellOutClock {

    static final String KEY = "fs:live:sold-out";
    private static final Duration FORGET_AFTER_END = Duration.ofDays(1);

    private final ReactiveStringRedisTemplate redis;
    private final Holds holds;
    private final CatalogCache catalog;
    private final Clock clock;

    SellOutClock(ReactiveStringRedisTemplate redis, Holds holds, CatalogCache catalog, Clock clock) {
        this.redis = redis;
        this.holds = holds;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Drops the times of sales that ended over a day ago (or are gone), so the hash stays as small as the live catalog. */
    Mono<Long> forgetEnded() {
        return catalog.salesEndingAfter(clock.instant().minus(FORGET_AFTER_END)).map(sale -> Long.toString(sale.id()))
                .collect(java.util.stream.Collectors.toSet())
                .flatMap(kept -> redis.<String, String>opsForHash().keys(KEY).filter(field -> !kept.contains(field))
                        .collectList()
                        .flatMap(gone -> gone.isEmpty() ? Mono.just(0L) : redis.opsForHash().remove(KEY, gone.toArray())));
    }

    /** Reads the sale's stock and notes or clears its sell-out. */
    Mono<Instant> check(long saleId, Instant now) {
        return holds.stock(saleId).flatMap(level -> observe(saleId, level, now));
    }

    /** The instant the sale ran out, or empty while it has units available. */
    Mono<Instant> observe(long saleId, StockLevel level, Instant now) {
        String field = Long.toString(saleId);
        if (level.available() > 0 || level.total() == 0) {
            return redis.opsForHash().remove(KEY, field).then(Mono.empty());
        }
        return redis.opsForHash().putIfAbsent(KEY, field, now.toString())
                .then(redis.<String, String>opsForHash().get(KEY, field))
                .map(Instant::parse);
    }
}
