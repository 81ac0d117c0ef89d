package dev.flashsale.admin;

import java.time.Instant;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.StockLevel;
import dev.flashsale.reservation.Holds;
import reactor.core.publisher.Mono;

/**
 * When each sale last ran out of available units, shared by all instances in one Redis hash
 * ({@code fs:live:sold-out}: sale id -> instant). Set by the first instance that sees the sale at zero
 * available (a monitor's tick, or a sold-out answer on the reserve path), cleared when units come back
 * (a release, an expiry, added stock), so a sale that sells out again gets its new time.
 */
@Component
class SellOutClock {

    static final String KEY = "fs:live:sold-out";

    private final ReactiveStringRedisTemplate redis;
    private final Holds holds;

    SellOutClock(ReactiveStringRedisTemplate redis, Holds holds) {
        this.redis = redis;
        this.holds = holds;
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
