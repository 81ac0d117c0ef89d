package dev.flashsale.marketplace.sync;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;

import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogSnapshot;
import dev.flashsale.marketplace.MarketplaceOffer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Turns a new observation into stored alerts and metrics ({@code flashsale.marketplace.price.alerts}). */
@Component
class PriceAlerts {

    private final MarketplaceStore store;
    private final MeterRegistry meters;
    private final Clock clock;

    PriceAlerts(MarketplaceStore store, MeterRegistry meters, Clock clock) {
        this.store = store;
        this.meters = meters;
        this.clock = clock;
    }

    /** Emits how many new alerts were raised. */
    Mono<Integer> raiseFor(CatalogSnapshot snapshot, MarketplaceOffer offer, Long previousPrice, int thresholdPercent) {
        Instant now = clock.instant();
        PriceDrift.SalePrice cheapest = snapshot.salesInOrder().stream()
                .filter(s -> s.productId() == offer.productId() && now.isBefore(s.endsAt()))
                .min(Comparator.comparingLong(s -> s.salePrice()))
                .map(s -> new PriceDrift.SalePrice(s.id(), s.salePrice()))
                .orElse(null);
        return Flux.fromIterable(PriceDrift.check(offer.price(), previousPrice, cheapest, thresholdPercent))
                .concatMap(alert -> store.raise(offer, alert).doOnNext(isNew -> {
                    if (isNew) {
                        Counter.builder("flashsale.marketplace.price.alerts")
                                .description("Price-drift alerts raised by the marketplace sync")
                                .tag("marketplace", offer.marketplace().name())
                                .tag("reason", alert.reason().name())
                                .register(meters).increment();
                    }
                }))
                .filter(Boolean::booleanValue)
                .count()
                .map(Long::intValue);
    }

    void recordRun(SyncRun run) {
        Counter.builder("flashsale.marketplace.sync.runs").tag("outcome", run.outcome().name())
                .register(meters).increment();
    }
}
