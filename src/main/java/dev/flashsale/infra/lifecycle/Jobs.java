package dev.flashsale.infra.lifecycle;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * This instance's background jobs and what each did last. Every {@link BackgroundTask#every} pass
 * reports here; {@link JobBoard} shares the result with the other instances.
 */
@Component
@EnableConfigurationProperties(JobProperties.class)
public class Jobs {

    private final Map<String, JobTracker> trackers = new ConcurrentHashMap<>();
    private final String instance = ManagementFactory.getRuntimeMXBean().getName() + "-"
            + UUID.randomUUID().toString().substring(0, 8);
    private final JobProperties props;
    private final Clock clock;
    private final MeterRegistry registry;

    Jobs(JobProperties props, Clock clock, MeterRegistry registry) {
        this.props = props;
        this.clock = clock;
        this.registry = registry;
    }

    /** This instance's name in the job list (pid@host and a random suffix). */
    public String instance() {
        return instance;
    }

    /** The record of a job; the same one each time the job is (re)started. */
    JobTracker track(String name, Duration period, Supplier<Mono<Duration>> lag) {
        return trackers.computeIfAbsent(JobTracker.slug(name), id -> register(
                new JobTracker(name, period, props.staleAfter(period), lag, false, clock, registry)));
    }

    /** A job that configuration switched off here: listed as DISABLED, never stale. */
    void disabled(String name) {
        trackers.computeIfAbsent(JobTracker.slug(name), id -> register(
                new JobTracker(name, Duration.ZERO, Duration.ZERO, null, true, clock, registry)));
    }

    /** Every job of this instance, by id, with lags refreshed. */
    public Mono<List<JobStatus>> local() {
        return Flux.fromIterable(trackers.values()).concatMap(JobTracker::refreshLag)
                .then(Mono.fromSupplier(() -> trackers.values().stream().map(JobTracker::status)
                        .sorted(Comparator.comparing(JobStatus::job)).toList()));
    }

    private JobTracker register(JobTracker tracker) {
        Gauge.builder("flashsale.jobs.stale", tracker, t -> t.status().state() == JobStatus.State.STALE ? 1 : 0)
                .tag("task", tracker.job())
                .description("1 while a background job has not finished a pass for longer than its stale bound")
                .register(registry);
        if (tracker.hasLag()) {
            TimeGauge.builder("flashsale.jobs.lag", tracker, TimeUnit.MILLISECONDS, t -> {
                Long lag = t.status().lagMillis();
                return lag == null ? 0 : lag;
            }).tag("task", tracker.job()).description("How far behind a job with a backlog is").register(registry);
        }
        return tracker;
    }
}
