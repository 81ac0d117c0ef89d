package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.flashsale.marketplace.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * When no repair pass can finish after a Redis (re)connection (Postgres down), expiry waits for one by
 * default however long that takes: expiring a paid hold Redis lost would let its unit be granted twice.
 * Only an explicit {@code expiry-hold-max} trades that risk for a bounded wait.
 */
class RepairGateTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T12:00:00Z"));
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void byDefaultExpiryWaitsForTheRepairHoweverLongItTakes() {
        RepairGate gate = gate(Duration.ZERO);
        long generation = gate.close();

        clock.advance(Duration.ofHours(2));

        assertThat(gate.open()).isFalse();
        assertThat(heldBackSeconds()).isEqualTo(7_200);
        gate.passFinished(generation);
        assertThat(gate.open()).isTrue();
        assertThat(heldBackSeconds()).isZero();
    }

    @Test
    void aReconnectionDuringThePassKeepsTheGateClosedForTheNextPass() {
        RepairGate gate = gate(Duration.ZERO);
        long first = gate.close();
        long second = gate.close();

        gate.passFinished(first);

        assertThat(gate.open()).isFalse();
        gate.passFinished(second);
        assertThat(gate.open()).isTrue();
    }

    @Test
    void anOperatorCapOpensTheGateAfterItWithoutARepair() {
        RepairGate gate = gate(Duration.ofSeconds(30));
        gate.close();

        clock.advance(Duration.ofSeconds(29));
        assertThat(gate.open()).isFalse();
        clock.advance(Duration.ofSeconds(2));
        assertThat(gate.open()).isTrue();
    }

    @Test
    void aNegativeCapIsRefusedAtStartUp() {
        assertThatThrownBy(() -> properties(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiry-hold-max");
    }

    private RepairGate gate(Duration expiryHoldMax) {
        return new RepairGate(properties(expiryHoldMax), clock, registry);
    }

    private static LedgerProperties properties(Duration expiryHoldMax) {
        return new LedgerProperties(Duration.ofMillis(100), 200, Duration.ofSeconds(30), Duration.ofHours(1),
                Duration.ofSeconds(30), expiryHoldMax);
    }

    private double heldBackSeconds() {
        return registry.get("flashsale.expiry.held_back").gauge().value();
    }
}
