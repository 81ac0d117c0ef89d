package dev.flashsale.ledger;

import java.time.Clock;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reconciles every sale that has not long ended, periodically; drift shows as a metric and a warning. */
@Component
class ReconciliationJob implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationJob.class);

    private final Reconciliation reconciliation;
    private final CatalogCache catalog;
    private final LedgerProperties props;
    private final Clock clock;
    private volatile Disposable running;

    ReconciliationJob(Reconciliation reconciliation, CatalogCache catalog, LedgerProperties props, Clock clock) {
        this.reconciliation = reconciliation;
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
    }

    Mono<Void> runOnce() {
        return catalog.snapshot().flatMapMany(s -> Flux.fromIterable(s.salesInOrder()))
                .filter(sale -> sale.endsAt().isAfter(clock.instant().minus(Duration.ofDays(1))))
                .concatMap(sale -> reconciliation.reconcile(sale)
                        .doOnNext(r -> {
                            if (r.streamDrained() && !r.inSync()) {
                                log.warn("Sale {} drifts between Redis and the ledger: {}", r.saleId(), r);
                            }
                        })
                        .onErrorResume(e -> Mono.empty()))
                .then();
    }

    @Override
    public synchronized void start() {
        if (running == null) {
            running = Flux.interval(props.reconcileEvery()).onBackpressureDrop()
                    .concatMap(tick -> runOnce(), 1).subscribe();
        }
    }

    @Override
    public synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running != null;
    }
}
