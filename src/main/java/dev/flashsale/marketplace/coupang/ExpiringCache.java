package dev.flashsale.marketplace.coupang;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * A small in-memory cache of provider answers. In memory, not Redis: DESIGN.md keeps TTL keys out
 * of Redis DB 0 (they slow hold expiry), and each instance may ask the provider on its own.
 * Failures are not cached, so the next caller asks again.
 */
public final class ExpiringCache<K, V> {

    private record Entry<V>(Mono<V> value, Instant expiresAt) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;

    public ExpiringCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    public Mono<V> get(K key, Supplier<Mono<V>> load) {
        Instant now = clock.instant();
        Entry<V> entry = entries.get(key);
        if (entry != null && now.isBefore(entry.expiresAt())) {
            return entry.value();
        }
        if (entries.size() >= maxEntries) {
            entries.entrySet().removeIf(e -> !now.isBefore(e.getValue().expiresAt()));
            if (entries.size() >= maxEntries) {
                entries.clear();
            }
        }
        Mono<V> loaded = load.get()
                .doOnError(e -> entries.remove(key))
                .cache();
        entries.put(key, new Entry<>(loaded, now.plus(ttl)));
        return loaded;
    }
}
