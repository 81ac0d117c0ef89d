package dev.flashsale.reservation;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code flashsale.waitlist.offers{outcome}}: offers made, and how they ended (claimed, expired,
 * left). Counted where the scripts' replies are read, so every path that returns units counts.
 */
@Component
class WaitlistMetrics {

    private final Counter made;
    private final Counter claimed;
    private final Counter expired;
    private final Counter left;

    WaitlistMetrics(MeterRegistry registry) {
        made = counter(registry, "made");
        claimed = counter(registry, "claimed");
        expired = counter(registry, "expired");
        left = counter(registry, "left");
    }

    private static Counter counter(MeterRegistry registry, String outcome) {
        return Counter.builder("flashsale.waitlist.offers").tag("outcome", outcome)
                .description("Waitlist offers made, and offers ended by outcome (expired includes those the sale's end ended)")
                .register(registry);
    }

    void made(long n) {
        if (n > 0) {
            made.increment(n);
        }
    }

    void claimed() {
        claimed.increment();
    }

    void expired(long n) {
        if (n > 0) {
            expired.increment(n);
        }
    }

    void left() {
        left.increment();
    }
}
