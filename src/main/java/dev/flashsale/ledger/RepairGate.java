package dev.flashsale.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.reservation.ExpiryGate;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Closed from every Redis (re)connection until a repair pass of paid holds that started after it has
 * finished ({@link PaidHoldRepair}): a Redis that came back from an AOF missing a confirm's last write
 * has the paid hold HELD, maybe past its deadline, and expiring it first would hand its unit to someone
 * else. Closed at start-up too, until the first pass. If no pass can finish (Postgres down) the gate stays
 * closed until one does: held carts that outlive their deadline cost a late restore, a paid unit expired
 * and granted again is an oversell. An operator who prefers the late restore to the risk sets
 * {@code expiry-hold-max}; the gate then opens after it with an error. How long it has been closed is
 * the gauge {@code flashsale.expiry.held_back} (alert {@code ExpiryHeldBack}).
 */
@Component
class RepairGate implements ExpiryGate {

    private static final Logger log = LoggerFactory.getLogger(RepairGate.class);

    private final AtomicLong generation = new AtomicLong(1);
    private volatile long openedFor;
    private volatile long closedSince;
    private final AtomicBoolean overdueLogged = new AtomicBoolean();
    private final LedgerProperties props;
    private final Clock clock;

    RepairGate(LedgerProperties props, Clock clock, MeterRegistry registry) {
        this.props = props;
        this.clock = clock;
        this.closedSince = clock.millis();
        Gauge.builder("flashsale.expiry.held_back", this, RepairGate::closedSeconds).baseUnit("seconds")
                .description("How long expiry has waited for the repair of paid holds after a Redis (re)connection; 0 when it runs")
                .register(registry);
    }

    /** A (re)connection: closed until a pass started now finishes; returns the pass's generation. */
    long close() {
        if (isOpenNow()) {
            closedSince = clock.millis();
            overdueLogged.set(false);
        }
        return generation.incrementAndGet();
    }

    /** The pass of {@code passGeneration} finished: open, unless another (re)connection came meanwhile. */
    void passFinished(long passGeneration) {
        if (generation.get() == passGeneration) {
            openedFor = passGeneration;
        }
    }

    /** The generation a pass starting now answers for. */
    long current() {
        return generation.get();
    }

    /** Open until the next (re)connection (the repair task stopped). */
    void release() {
        openedFor = generation.get();
    }

    @Override
    public boolean open() {
        if (isOpenNow()) {
            return true;
        }
        Duration max = props.expiryHoldMax();
        if (max.isZero() || clock.millis() - closedSince < max.toMillis()) {
            return false;
        }
        if (overdueLogged.compareAndSet(false, true)) {
            log.error("No repair of paid holds finished within {} of a Redis (re)connection: expiry resumes; a paid hold"
                    + " Redis lost may be expired before the repair runs", props.expiryHoldMax());
        }
        return true;
    }

    private double closedSeconds() {
        return isOpenNow() ? 0 : (clock.millis() - closedSince) / 1000.0;
    }

    private boolean isOpenNow() {
        return openedFor == generation.get();
    }
}
