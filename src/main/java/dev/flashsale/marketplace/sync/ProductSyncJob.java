package dev.flashsale.marketplace.sync;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.CatalogSnapshot;
import dev.flashsale.catalog.Product;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.infra.lifecycle.JobOutcome;
import dev.flashsale.marketplace.MarketplaceException;
import dev.flashsale.marketplace.MarketplaceOffer;
import dev.flashsale.marketplace.MarketplacePriceSource;
import dev.flashsale.marketplace.MarketplaceProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refreshes marketplace prices of catalog products on a schedule, on one instance at a time
 * (a {@link SyncLease}). It only writes observations and alerts to Postgres; the sale page never
 * reads them, so a slow or dead marketplace cannot slow the sale page. Products are looked up one
 * after another: the provider quota, not our parallelism, is the limit.
 */
@Component
class ProductSyncJob extends BackgroundTask {

    private static final String JOB = "Marketplace sync";

    private static final Logger log = LoggerFactory.getLogger(ProductSyncJob.class);

    private final CatalogCache catalog;
    private final MarketplaceSources sources;
    private final MarketplaceStore store;
    private final SyncLease lease;
    private final PriceAlerts alerts;
    private final MarketplaceProperties.Sync settings;
    private final Clock clock;
    private final String instanceId = instanceId();

    ProductSyncJob(CatalogCache catalog, MarketplaceSources sources, MarketplaceStore store, SyncLease lease,
            PriceAlerts alerts, MarketplaceProperties props, Clock clock) {
        this.catalog = catalog;
        this.sources = sources;
        this.store = store;
        this.lease = lease;
        this.alerts = alerts;
        this.settings = props.sync();
        this.clock = clock;
    }

    /** Runs now unless another instance holds the lease (then the result says SKIPPED). */
    Mono<SyncRun> runOnce(String trigger) {
        return lease.acquire(instanceId)
                .flatMap(token -> Mono.usingWhen(Mono.just(token), t -> runHolding(t, trigger), lease::release))
                .switchIfEmpty(Mono.fromSupplier(() -> {
                    Instant now = clock.instant();
                    return new SyncRun(null, instanceId, trigger, now, now, SyncRun.Outcome.SKIPPED, 0, 0, 0, 0, 0,
                            "another instance holds the sync lease");
                }));
    }

    private Mono<SyncRun> runHolding(String token, String trigger) {
        Duration every = lease.ttl().dividedBy(3);
        Disposable renewal = Flux.interval(every, every)
                .concatMap(tick -> lease.renew(token).onErrorReturn(false))
                .subscribe(held -> {
                    if (!held) {
                        log.warn("Lost the marketplace sync lease; another instance may start a run");
                    }
                });
        Instant started = clock.instant();
        return store.startRun(instanceId, trigger, started)
                .flatMap(id -> catalog.snapshot().flatMap(snapshot -> syncAll(snapshot, id, trigger, started)))
                .flatMap(run -> store.finishRun(run).thenReturn(run))
                .doOnNext(alerts::recordRun)
                .doFinally(signal -> renewal.dispose());
    }

    private Mono<SyncRun> syncAll(CatalogSnapshot snapshot, long runId, String trigger, Instant started) {
        List<MarketplacePriceSource> active = sources.all();
        List<Product> products = snapshot.products().values().stream()
                .filter(p -> active.stream().anyMatch(s -> s.lists(p)))
                .sorted(Comparator.comparing(Product::id))
                .limit(settings.maxProductsPerRun())
                .toList();
        Tally tally = new Tally();
        return Flux.fromIterable(products)
                .concatMap(p -> Flux.fromIterable(active).filter(s -> s.lists(p))
                        .concatMap(source -> syncOne(snapshot, p, source, tally)))
                .then(Mono.fromSupplier(() -> tally.toRun(runId, instanceId, trigger, started, clock.instant())));
    }

    private Mono<Void> syncOne(CatalogSnapshot snapshot, Product product, MarketplacePriceSource source, Tally tally) {
        tally.checked.incrementAndGet();
        return source.offer(product)
                .flatMap(offer -> store.latest(product.id())
                        .map(previous -> previous.stream().filter(o -> o.marketplace() == offer.marketplace())
                                .findFirst().map(MarketplaceOffer::price))
                        .flatMap(previousPrice -> store.saveObservation(offer).then(alerts.raiseFor(snapshot, offer,
                                previousPrice.orElse(null), settings.alertChangePercent())))
                        .doOnNext(raised -> {
                            tally.updated.incrementAndGet();
                            tally.alerts.addAndGet(raised);
                        }))
                .onErrorResume(MarketplaceException.class, e -> {
                    switch (e.reason()) {
                        case THROTTLED, RATE_LIMITED, CIRCUIT_OPEN, FORBIDDEN -> tally.deferred.incrementAndGet();
                        default -> tally.failed.incrementAndGet();
                    }
                    tally.lastError = e.getMessage();
                    return Mono.empty();
                })
                .then();
    }

    @Override
    protected Disposable begin() {
        if (!settings.enabled() || sources.all().isEmpty()) {
            log.info("Marketplace sync not scheduled (enabled={}, sources={})", settings.enabled(), sources.all().size());
            return disabled(JOB);
        }
        return every(settings.interval(), () -> runOnce("SCHEDULE").map(ProductSyncJob::outcome), log, JOB);
    }

    /** A run as the job list shows it: products checked, and what became of them. */
    private static JobOutcome outcome(SyncRun run) {
        return new JobOutcome(run.checked(), run.outcome() + ": " + run.updated() + " updated, " + run.deferred()
                + " deferred, " + run.failed() + " failed" + (run.message() == null ? "" : " (" + run.message() + ")"));
    }

    private static String instanceId() {
        String host = System.getenv().getOrDefault("HOSTNAME", "instance");
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Counts of one run; products are visited one after another, atomics only for visibility. */
    private static final class Tally {
        final AtomicInteger checked = new AtomicInteger();
        final AtomicInteger updated = new AtomicInteger();
        final AtomicInteger deferred = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger alerts = new AtomicInteger();
        volatile String lastError;

        SyncRun toRun(long id, String instance, String trigger, Instant started, Instant finished) {
            SyncRun.Outcome outcome;
            if (failed.get() == 0 && deferred.get() == 0) {
                outcome = SyncRun.Outcome.SUCCEEDED;
            } else if (updated.get() == 0 && checked.get() > 0) {
                outcome = SyncRun.Outcome.FAILED;
            } else {
                outcome = SyncRun.Outcome.PARTIAL;
            }
            return new SyncRun(id, instance, trigger, started, finished, outcome, checked.get(), updated.get(),
                    deferred.get(), failed.get(), alerts.get(), lastError);
        }
    }
}
