package dev.flashsale.catalog;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Keeps the whole catalog in memory so the sale page never waits on Postgres. A change made on
 * any instance reloads it here at once (local call, then a Redis pub/sub message to the others);
 * a periodic reload bounds staleness should a message be lost (pub/sub is fire-and-forget).
 */
@Component
public class CatalogCache extends BackgroundTask {

    static final String CHANNEL = "fs:catalog:changed";
    private static final Logger log = LoggerFactory.getLogger(CatalogCache.class);

    private final ProductRepository products;
    private final SaleRepository sales;
    private final ReactiveStringRedisTemplate redis;
    private final Duration refreshInterval;
    private volatile Mono<CatalogSnapshot> current;
    /** Loads are numbered when they start; a load that started earlier never replaces a later one. */
    private final java.util.concurrent.atomic.AtomicLong loadsStarted = new java.util.concurrent.atomic.AtomicLong();
    private long installed;

    CatalogCache(ProductRepository products, SaleRepository sales, ReactiveStringRedisTemplate redis,
            @Value("${flashsale.catalog.refresh-interval:30s}") Duration refreshInterval) {
        this.products = products;
        this.sales = sales;
        this.redis = redis;
        this.refreshInterval = refreshInterval;
        this.current = load();
    }

    public Mono<CatalogSnapshot> snapshot() {
        return current;
    }

    /** Sales whose end is after {@code instant}, soonest start first: what background jobs follow. */
    public reactor.core.publisher.Flux<Sale> salesEndingAfter(java.time.Instant instant) {
        return current.flatMapIterable(s -> s.salesInOrder().stream().filter(sale -> sale.endsAt().isAfter(instant)).toList());
    }

    /** Reloads now and tells the other instances to do the same. */
    public Mono<Void> changed() {
        return reloadNow()
                .then(redis.convertAndSend(CHANNEL, "changed").onErrorResume(e -> Mono.empty()))
                .then();
    }

    private Mono<Void> reloadNow() {
        return Mono.defer(() -> {
            long ticket = loadsStarted.incrementAndGet();
            return load().doOnNext(snapshot -> install(ticket, snapshot)).then();
        });
    }

    private synchronized void install(long ticket, CatalogSnapshot snapshot) {
        if (ticket > installed) {
            installed = ticket;
            current = Mono.just(snapshot);
        }
    }

    private Mono<CatalogSnapshot> load() {
        return Mono.zip(products.findAll().collectList(), sales.findAll().collectList())
                .map(t -> CatalogSnapshot.of(t.getT1(), t.getT2()))
                .cache(s -> Duration.ofDays(3650), e -> Duration.ZERO, () -> Duration.ZERO);
    }

    private Mono<Void> reload() {
        return reloadNow()
                .doOnError(e -> log.warn("Catalog reload failed, keeping the previous copy: {}", e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    @Override
    protected Disposable begin() {
        Disposable messages = redis.listenToChannel(CHANNEL)
                .concatMap(message -> reload())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
                .subscribe();
        return Disposables.composite(messages, every(refreshInterval, this::reload, log, "Catalog reload"));
    }
}
