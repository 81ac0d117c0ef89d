package dev.flashsale.ratelimit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Deletes a sale's buckets once it ended {@code cleanup-after} ago, like the engine cleans its
 * per-shopper data (buckets carry no TTL; see {@code lua/rate_limit.lua}). From that point the
 * limiter no longer limits the sale, so nothing writes them again; the pass waits one more period
 * so that a check already in flight at that point has finished. Every instance deletes each sale's
 * buckets once per run (UNLINK is idempotent; the set of done sales is as large as the catalog).
 */
@Component
class RateLimitCleanup extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(RateLimitCleanup.class);
    static final Duration EVERY = Duration.ofMinutes(1);

    private final ReactiveStringRedisTemplate redis;
    private final CatalogCache catalog;
    private final RateLimitProperties props;
    private final Clock clock;
    private final Set<Long> done = ConcurrentHashMap.newKeySet();

    RateLimitCleanup(ReactiveStringRedisTemplate redis, CatalogCache catalog, RateLimitProperties props, Clock clock) {
        this.redis = redis;
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
    }

    /** Deletes the buckets of every sale that is due and not yet done here; returns how many sales. */
    Mono<Long> cleanDueSales() {
        Instant cutoff = clock.instant().minus(props.cleanupAfter().plus(EVERY));
        return catalog.snapshot()
                .flatMapMany(s -> Flux.fromIterable(s.salesInOrder()))
                .filter(sale -> sale.endsAt().isBefore(cutoff) && !done.contains(sale.id()))
                .concatMap(this::clean)
                .count();
    }

    private Mono<Long> clean(Sale sale) {
        return redis.unlink(TokenBuckets.keys(sale.id()).toArray(String[]::new))
                .doOnSuccess(n -> {
                    done.add(sale.id());
                    if (n > 0) {
                        log.info("Deleted the rate-limit buckets of ended sale {}", sale.id());
                    }
                });
    }

    @Override
    protected Disposable begin() {
        return every(EVERY, this::cleanDueSales, log, "Rate-limit cleanup");
    }
}
