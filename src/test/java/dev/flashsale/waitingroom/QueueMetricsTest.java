package dev.flashsale.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The estimated-wait accuracy meters, from the waits a tick reports (the script's side: QueueScriptsTest). */
class QueueMetricsTest {

    @Test
    void eachAdmittedShoppersWaitIsRecordedAgainstTheEstimateShown() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        QueueMetrics metrics = new QueueMetrics(registry);

        metrics.tick(7, new Queue.Tick(3, 0, 0, 5, 3, List.of(1_000L, 1_000L, 2_000L, 2_600L, 10_000L, 8_000L), false));

        assertThat(registry.counter("flashsale.queue.wait.estimates", "sale", "7", "outcome", "within").count()).isEqualTo(2);
        assertThat(registry.counter("flashsale.queue.wait.estimates", "sale", "7", "outcome", "outside").count()).isEqualTo(1);
        var accuracy = registry.get("flashsale.queue.wait.accuracy").summary();
        assertThat(accuracy.count()).isEqualTo(3);
        assertThat(accuracy.mean()).isCloseTo((100 + 130 + 80) / 3.0, within(1e-9));
        assertThat(registry.counter("flashsale.queue.abandoned", "sale", "7", "reason", "left").count())
                .as("registered at 0 on the room's first tick").isZero();
    }

    @Test
    void theAccuracyHistogramPutsEachWaitInItsBucketAsPrometheusReadsIt() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new QueueMetrics(registry).tick(7, new Queue.Tick(3, 0, 0, 0, 3, List.of(1_000L, 1_000L, 2_000L, 2_600L, 10_000L, 8_000L), false));

        String scrape = registry.scrape();
        // 100 %, 130 % and 80 %: cumulative buckets as histogram_quantile reads them
        assertThat(scrape).contains("flashsale_queue_wait_accuracy_percent_bucket{le=\"80.0\"} 1")
                .contains("flashsale_queue_wait_accuracy_percent_bucket{le=\"120.0\"} 2")
                .contains("flashsale_queue_wait_accuracy_percent_bucket{le=\"150.0\"} 3");
    }
}
