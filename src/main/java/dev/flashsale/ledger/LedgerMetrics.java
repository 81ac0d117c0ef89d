package dev.flashsale.ledger;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.stereotype.Component;

import dev.flashsale.reservation.SaleEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/** Ledger throughput and backlog: applied events by type, version-conflict retries, lag and pending. */
@Component
class LedgerMetrics {

    private final MeterRegistry registry;
    private final Counter duplicates;
    private final Counter conflicts;
    private final Counter poisoned;
    private final AtomicLong lagMillis = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();

    LedgerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duplicates = Counter.builder("flashsale.ledger.duplicates")
                .description("Events delivered again and recognised as already applied").register(registry);
        this.conflicts = Counter.builder("flashsale.ledger.conflicts")
                .description("Ledger transactions retried after an optimistic-lock conflict").register(registry);
        this.poisoned = Counter.builder("flashsale.ledger.poisoned")
                .description("Events the ledger refused and skipped (see the error log); reconciliation shows the gap")
                .register(registry);
        Gauge.builder("flashsale.ledger.lag", lagMillis, v -> v.get() / 1000.0).baseUnit("seconds")
                .description("Age of the oldest event not yet acknowledged by the ledger").register(registry);
        Gauge.builder("flashsale.ledger.pending", pending, AtomicLong::get)
                .description("Events not yet applied to the ledger (delivered unacknowledged plus undelivered)")
                .register(registry);
        for (SaleEventType type : SaleEventType.values()) {
            if (type.recordedByLedger()) {
                applied(type);
            }
        }
    }

    void applied(List<LedgerEvent> events, long newlyApplied) {
        events.forEach(e -> applied(e.type()).increment());
        duplicates.increment(events.size() - newlyApplied);
    }

    private Counter applied(SaleEventType type) {
        return Counter.builder("flashsale.ledger.applied").tag("type", type.name())
                .description("Events processed by the ledger writer").register(registry);
    }

    void poisoned() {
        poisoned.increment();
    }

    void conflictRetried() {
        conflicts.increment();
    }

    /** Age of the oldest event not yet acknowledged, as the last housekeeping pass measured it. */
    java.time.Duration lag() {
        return java.time.Duration.ofMillis(lagMillis.get());
    }

    void backlog(long pendingEvents, long oldestAgeMillis) {
        pending.set(pendingEvents);
        lagMillis.set(oldestAgeMillis);
    }
}
