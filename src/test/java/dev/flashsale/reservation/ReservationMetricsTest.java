package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class ReservationMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ReservationMetrics metrics = new ReservationMetrics(registry, new LiveCounts());

    /** A batch of one prompt hold and one slow hold must show the slow one, not their mean. */
    @Test
    void restoreDelayRecordsEachHoldsOwnDelay() {
        metrics.restored(1, new StockEngine.ExpiryReply(3, -1, List.of(20L, 40L, 1_500L)), true);

        DistributionSummary delay = registry.get("flashsale.expiry.restore.delay").summary();
        assertThat(delay.count()).isEqualTo(3);
        assertThat(delay.totalAmount()).isEqualTo(1_560);
        assertThat(delay.max()).isEqualTo(1_500);
        var buckets = delay.takeSnapshot().histogramCounts();
        assertThat(buckets).filteredOn(b -> b.bucket() == 50).singleElement()
                .satisfies(b -> assertThat(b.count()).as("holds back within 50 ms").isEqualTo(2));
        assertThat(buckets).filteredOn(b -> b.bucket() == 1_000).singleElement()
                .satisfies(b -> assertThat(b.count()).as("holds back within 1 s").isEqualTo(2));
        assertThat(registry.get("flashsale.expiry.restored").tag("path", "sweeper").counter().count()).isEqualTo(3);
    }
}
