package dev.flashsale.marketplace.sync;

import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.marketplace.MarketplaceOffer;
import dev.flashsale.marketplace.MarketplacePriceSource;
import dev.flashsale.marketplace.MarketplaceProperties;
import dev.flashsale.marketplace.coupang.CoupangClient;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/admin/api/marketplace")
class MarketplaceAdminController {

    private final ProductSyncJob job;
    private final SyncLease lease;
    private final MarketplaceStore store;
    private final MarketplaceSources sources;
    private final MarketplaceProperties props;
    private final CoupangClient coupang;

    MarketplaceAdminController(ProductSyncJob job, SyncLease lease, MarketplaceStore store, MarketplaceSources sources,
            MarketplaceProperties props, ObjectProvider<CoupangClient> coupang) {
        this.job = job;
        this.lease = lease;
        this.store = store;
        this.sources = sources;
        this.props = props;
        this.coupang = coupang.getIfAvailable();
    }

    @Operation(summary = "Marketplace sync status: last run (any instance), current lease holder, breaker states")
    @GetMapping("/sync")
    Mono<SyncStatus> status() {
        Map<String, String> breakers = coupang == null ? Map.of()
                : Map.of("coupang", coupang.breaker().getState().name());
        return Mono.zip(lease.holder().defaultIfEmpty(""), store.lastRun().map(List::of).defaultIfEmpty(List.of()))
                .map(t -> new SyncStatus(props.sync().enabled(), props.sync().interval(),
                        sources.all().stream().map(MarketplacePriceSource::marketplace).distinct().toList(),
                        t.getT1().isEmpty() ? null : t.getT1(), t.getT2().isEmpty() ? null : t.getT2().get(0),
                        breakers));
    }

    @Operation(summary = "Run the sync now and answer with its outcome (SKIPPED if another instance is running it)")
    @PostMapping("/sync")
    Mono<SyncRun> trigger() {
        return job.runOnce("ADMIN");
    }

    @Operation(summary = "Recent price-drift alerts, newest first")
    @GetMapping("/price-alerts")
    Mono<List<PriceAlertView>> alerts(@RequestParam(defaultValue = "50") @Min(1) @Max(500) int limit) {
        return store.recentAlerts(limit);
    }

    @Operation(summary = "Latest observed marketplace offers of one product")
    @GetMapping("/products/{productId}/offers")
    Mono<List<MarketplaceOffer>> offers(@PathVariable long productId) {
        return store.latest(productId);
    }
}
