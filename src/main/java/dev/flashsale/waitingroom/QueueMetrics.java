package dev.flashsale.waitingroom;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code flashsale.queue.length{sale}} (queued shoppers at this instance's last tick),
 * {@code flashsale.queue.admitted{sale}} (admitted/s is its rate), {@code flashsale.queue.abandoned{sale,reason}}
 * ({@code expired}: admitted, did not reserve in time; {@code left}: stopped polling),
 * {@code flashsale.queue.joins} and {@code flashsale.queue.refused} (reserves refused for want of a valid admission).
 * Wait estimates: per admitted shopper who was shown one (the first, at join, poll or push),
 * {@code flashsale.queue.wait.accuracy} records actual wait as a percentage of the estimated wait (100 is exact) and
 * {@code flashsale.queue.wait.estimates{sale,outcome=within|outside}} counts those within ±20 % of it.
 * Each admission is made by exactly one tick on one instance, so summing the counters over instances counts each once.
 */
@Component
class QueueMetrics {

    private final MeterRegistry registry;
    private final Map<Long, AtomicLong> lengths = new ConcurrentHashMap<>();
    private final Counter joins;
    private final Counter refused;
    private final DistributionSummary accuracy;

    QueueMetrics(MeterRegistry registry) {
        this.registry = registry;
        // in percent: a summary's histogram puts a value in the bucket of the next whole number up (1.1 landed
        // in le=2.0), so a ratio near 1 needs buckets that are whole numbers
        this.accuracy = DistributionSummary.builder("flashsale.queue.wait.accuracy").baseUnit("percent")
                .description("Actual wait as a percentage of the wait estimate first shown, per admitted shopper (100 = exact)")
                .serviceLevelObjectives(50, 80, 100, 120, 150, 200).register(registry);
        this.joins = registry.counter("flashsale.queue.joins");
        this.refused = registry.counter("flashsale.queue.refused");
    }

    void tick(long saleId, Queue.Tick tick) {
        String sale = String.valueOf(saleId);
        lengths.computeIfAbsent(saleId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("flashsale.queue.length", value, AtomicLong::get).tag("sale", sale).register(registry);
            startAtZero(sale);
            return value;
        }).set(tick.queued());
        if (tick.admitted() > 0) {
            registry.counter("flashsale.queue.admitted", "sale", sale).increment(tick.admitted());
        }
        if (tick.expired() > 0) {
            registry.counter("flashsale.queue.abandoned", "sale", sale, "reason", "expired").increment(tick.expired());
        }
        if (tick.left() > 0) {
            registry.counter("flashsale.queue.abandoned", "sale", sale, "reason", "left").increment(tick.left());
        }
        for (int i = 0; i + 1 < tick.waits().size(); i += 2) {
            estimated(sale, tick.waits().get(i), tick.waits().get(i + 1));
        }
    }

    /** A room's counters exist from its first tick, so rates and shares read 0, not "no data", until something happens. */
    private void startAtZero(String sale) {
        registry.counter("flashsale.queue.admitted", "sale", sale);
        registry.counter("flashsale.queue.abandoned", "sale", sale, "reason", "expired");
        registry.counter("flashsale.queue.abandoned", "sale", sale, "reason", "left");
        registry.counter("flashsale.queue.wait.estimates", "sale", sale, "outcome", "within");
        registry.counter("flashsale.queue.wait.estimates", "sale", sale, "outcome", "outside");
    }

    /** Same bound as queue_admit's estimatesWithin: |actual - estimate| <= estimate / 5. */
    private void estimated(String sale, long estimateMillis, long actualMillis) {
        accuracy.record(100.0 * actualMillis / estimateMillis);
        boolean within = Math.abs(actualMillis - estimateMillis) * 5 <= estimateMillis;
        registry.counter("flashsale.queue.wait.estimates", "sale", sale, "outcome", within ? "within" : "outside").increment();
    }

    void joined() {
        joins.increment();
    }

    void refused() {
        refused.increment();
    }
}
