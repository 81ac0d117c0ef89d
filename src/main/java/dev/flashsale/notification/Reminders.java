package dev.flashsale.notification;

import java.time.Instant;
import java.util.List;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Hold reminders waiting for their time: per sale, a sorted set of hold ids scored by when to
 * remind ({@code nt:{saleId}:remind}). It shares the sale's hash tag, so its Cluster slot, under a
 * prefix of its own (the {@code fs:} layout is the engine's alone); no TTL: an entry leaves when it
 * is worked, and what is left of a sale is deleted after it ends ({@link ReminderJob}).
 */
@Component
class Reminders {

    private final ReactiveStringRedisTemplate redis;

    Reminders(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    static String key(long saleId) {
        return "nt:{" + saleId + "}:remind";
    }

    Mono<Void> schedule(long saleId, String holdId, Instant at) {
        return redis.opsForZSet().add(key(saleId), holdId, at.toEpochMilli()).then();
    }

    /** Hold ids whose reminder time has come, earliest first. */
    Mono<List<String>> due(long saleId, Instant now, int limit) {
        return redis.opsForZSet().rangeByScore(key(saleId), Range.closed(0.0, (double) now.toEpochMilli()),
                Limit.limit().count(limit)).collectList();
    }

    Mono<Void> done(long saleId, String holdId) {
        return redis.opsForZSet().remove(key(saleId), holdId).then();
    }

    Mono<Long> drop(long saleId) {
        return redis.unlink(key(saleId));
    }
}
