package dev.flashsale.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.infra.lifecycle.JobOutcome;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/** Reconciles every sale that has not long ended, periodically; drift shows as a metric and a warning. */
@Component
class ReconciliationJob extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(ReconciliationJob.class);

    private final Reconciliation reconciliation;
    private final CatalogCache catalog;
    private final LedgerProperties props;
    private final Clock clock;

    ReconciliationJob(Reconciliation reconciliation, CatalogCache catalog, LedgerProperties props, Clock clock) {
        this.reconciliation = reconciliation;
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
    }

    /** Reconciles every sale not long ended; reports how many were checked and the drift found. */
    Mono<JobOutcome> runOnce() {
        return catalog.salesEndingAfter(clock.instant().minus(Duration.ofDays(1)))
                .concatMap(sale -> reconciliation.reconcile(sale)
                        .doOnNext(r -> {
                            if (r.streamDrained() && !r.inSync()) {
                                log.warn("Sale {} drifts between Redis and the ledger: {}", r.saleId(), r);
                            }
                        })
                        .onErrorResume(e -> Mono.empty()))
                .collectList()
                .map(reports -> {
                    List<Long> drifting = reports.stream().filter(r -> r.streamDrained() && !r.inSync())
                            .map(Reconciliation.Report::saleId).toList();
                    return new JobOutcome(reports.size(), drifting.isEmpty() ? "in sync"
                            : "drift in sale(s) " + drifting);
                });
    }

    @Override
    protected Disposable begin() {
        return every(props.reconcileEvery(), this::runOnce, log, "Reconciliation");
    }
}
