package dev.flashsale.marketplace.sync;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import reactor.core.publisher.Mono;

/**
 * "Only one instance syncs at a time": a Redis lease, {@code SET key token NX PX ttl}, renewed
 * while the run lasts and released by compare-and-delete, so an instance whose lease already
 * expired (a long GC pause) never deletes or extends the next holder's. It is an efficiency
 * guard, not a correctness one: a second concurrent run would only spend quota twice.
 * The key carries a TTL in DB 0; DESIGN.md asks to keep those rare (they slow hold expiry), and
 * one key is an accepted exception.
 */
public final class SyncLease {

    static final String KEY = "fs:marketplace:sync-lease";

    // KEYS[1] lease key; ARGV[1] our token; ARGV[2] ttl ms. Returns 1 if still ours and extended.
    private static final RedisScript<Long> RENEW = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0""", Long.class);

    // KEYS[1] lease key; ARGV[1] our token. Returns 1 if it was ours and is now deleted.
    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0""", Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final Duration ttl;

    public SyncLease(ReactiveStringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** A fresh token if we now hold the lease, empty if another holder has it. */
    Mono<String> acquire(String holder) {
        String token = holder + "/" + UUID.randomUUID();
        return redis.opsForValue().setIfAbsent(KEY, token, ttl)
                .filter(Boolean::booleanValue)
                .map(ok -> token);
    }

    Mono<Boolean> renew(String token) {
        return redis.execute(RENEW, List.of(KEY), List.of(token, String.valueOf(ttl.toMillis())))
                .next().map(r -> r == 1L).defaultIfEmpty(false);
    }

    Mono<Boolean> release(String token) {
        return redis.execute(RELEASE, List.of(KEY), List.of(token))
                .next().map(r -> r == 1L).defaultIfEmpty(false);
    }

    /** Who holds the lease right now, if anyone (for the admin status). */
    Mono<String> holder() {
        return redis.opsForValue().get(KEY);
    }

    Duration ttl() {
        return ttl;
    }
}
