package dev.flashsale.infra.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every instance reports to the others: one Redis hash, instance -> its latest entry as JSON with
 * the time it was written. Readers take the fresh entries and delete those older than an hour, so a dead
 * instance drops out without a key with a TTL (DESIGN.md keeps Redis's expiry sampling for the holds'
 * shadow keys).
 */
public final class InstanceEntries<T> {

    private static final Duration FORGET_AFTER = Duration.ofHours(1);

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final String key;
    private final Class<T> type;
    private final Function<T, String> instance;
    private final Function<T, Instant> writtenAt;

    public InstanceEntries(ReactiveStringRedisTemplate redis, JsonMapper json, String key, Class<T> type,
            Function<T, String> instance, Function<T, Instant> writtenAt) {
        this.redis = redis;
        this.json = json;
        this.key = key;
        this.type = type;
        this.instance = instance;
        this.writtenAt = writtenAt;
    }

    /** Replaces this entry's instance's previous one. */
    public Mono<Boolean> write(T entry) {
        return redis.opsForHash().put(key, instance.apply(entry), json.writeValueAsString(entry));
    }

    /** The entries written since {@code since}; those of instances gone for an hour are deleted on the way. */
    public Flux<T> since(Instant since, Instant now) {
        return redis.<String, String>opsForHash().values(key)
                .map(value -> json.readValue(value, type))
                .filterWhen(entry -> writtenAt.apply(entry).isBefore(now.minus(FORGET_AFTER))
                        ? redis.opsForHash().remove(key, instance.apply(entry)).thenReturn(false)
                        : Mono.just(!writtenAt.apply(entry).isBefore(since)));
    }
}
