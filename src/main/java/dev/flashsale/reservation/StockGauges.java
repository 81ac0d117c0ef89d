package dev.flashsale.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Live stock per sale as gauges ({@code flashsale.stock.available|offered|held|sold|quantity{sale}};
 * quantity is the sale's total, not named {@code total}: Prometheus reserves {@code _total} for
 * counters), and shoppers waiting per sale ({@code flashsale.waitlist.waiting{sale}}, sales with
 * nobody waiting omitted) for the
 * "Flash sale — live" dashboard. Only sales that have not ended carry a series, so the tag stays
 * bounded: an ended sale's series are removed on the next refresh. Values are read from Redis once
 * a {@link #INTERVAL} (one HMGET and one ZCARD per open sale), never on the reserve path.
 */
@Component
class StockGauges extends BackgroundTask {

    static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(StockGauges.class);

    private final StockEngine engine;
    private final WaitlistEngine waitlists;
    private final CatalogCache catalog;
    private final Clock clock;
    private final MultiGauge available;
    private final MultiGauge held;
    private final MultiGauge sold;
    private final MultiGauge quantity;
    private final MultiGauge offered;
    private final MultiGauge waiting;

    StockGauges(StockEngine engine, WaitlistEngine waitlists, CatalogCache catalog, Clock clock, MeterRegistry registry) {
        this.engine = engine;
        this.waitlists = waitlists;
        this.catalog = catalog;
        this.clock = clock;
        this.available = gauge(registry, "available", "Units a shopper can still hold");
        this.held = gauge(registry, "held", "Units in carts (held, not yet paid)");
        this.sold = gauge(registry, "sold", "Units paid for");
        this.quantity = gauge(registry, "quantity", "Units the sale has in all (its total quantity)");
        this.offered = gauge(registry, "offered", "Units offered to waitlisted shoppers, each claimable by one of them");
        this.waiting = MultiGauge.builder("flashsale.waitlist.waiting").description("Shoppers waiting on a sale's waitlist")
                .register(registry);
    }

    private static MultiGauge gauge(MeterRegistry registry, String name, String description) {
        return MultiGauge.builder("flashsale.stock." + name).description(description).register(registry);
    }

    /** Reads the stock of every sale that has not ended and replaces all series. */
    Mono<Void> refresh() {
        Instant now = clock.instant();
        return catalog.salesEndingAfter(now).map(Sale::id).collectList()
                .flatMap(ids -> engine.stock(ids).doOnNext(this::publish)
                        .then(waitlists.waiting(ids)).doOnNext(lengths -> waiting.register(rows(lengths, Long::longValue), true)))
                .then();
    }

    private void publish(Map<Long, StockLevel> levels) {
        available.register(rows(levels, StockLevel::available), true);
        held.register(rows(levels, StockLevel::held), true);
        sold.register(rows(levels, StockLevel::sold), true);
        quantity.register(rows(levels, StockLevel::total), true);
        offered.register(rows(levels, StockLevel::offered), true);
    }

    private static <T> List<MultiGauge.Row<?>> rows(Map<Long, T> levels, ToLongFunction<T> value) {
        return levels.entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("sale", String.valueOf(e.getKey())),
                        value.applyAsLong(e.getValue())))
                .toList();
    }

    @Override
    protected Disposable begin() {
        return every(INTERVAL, this::refresh, log, "Stock gauge refresh");
    }
}
