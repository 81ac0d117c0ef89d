package dev.flashsale.waitingroom;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code flashsale.queue.length{sale}} (queued shoppers at this instance's last tick),
 * {@code flashsale.queue.admitted{sale}} (admitted/s is its rate), {@code flashsale.queue.abandoned{sale,reason}}
 * ({@code expired}: admitted, did not reserve in time; {@code left}: stopped polling),
 * {@code flashsale.queue.joins} and {@code flashsale.queue.refused} (reserves refused for want of a valid admission).
 * Each admission is made by exactly one tick on one instance, so summing the counters over instances counts each once.
 */
@Component
class QueueMetrics {

    private final MeterRegistry registry;
    private final Map<Long, AtomicLong> lengths = new ConcurrentHashMap<>();
    private final Counter joins;
    private final Counter refused;

    QueueMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.joins = registry.counter("flashsale.queue.joins");
        this.refused = registry.counter("flashsale.queue.refused");
    }

    void tick(long saleId, Queue.Tick tick) {
        lengths.computeIfAbsent(saleId, id -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("flashsale.queue.length", value, AtomicLong::get).tag("sale", String.valueOf(id)).register(registry);
            return value;
        }).set(tick.queued());
        String sale = String.valueOf(saleId);
        if (tick.admitted() > 0) {
            registry.counter("flashsale.queue.admitted", "sale", sale).increment(tick.admitted());
        }
        if (tick.expired() > 0) {
            registry.counter("flashsale.queue.abandoned", "sale", sale, "reason", "expired").increment(tick.expired());
        }
        if (tick.left() > 0) {
            registry.counter("flashsale.queue.abandoned", "sale", sale, "reason", "left").increment(tick.left());
        }
    }

    void joined() {
        joins.increment();
    }

    void refused() {
        refused.increment();
    }
}
