package dev.flashsale.infra.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/**
 * The record of one job on this instance: every pass is started, then finished or failed, here.
 * Passes of one job never overlap ({@link BackgroundTask#every}), so plain synchronisation is enough.
 */
final class JobTracker {

    private final String job;
    private final String name;
    private final Duration period;
    private final Duration staleAfter;
    private final Supplier<Mono<Duration>> lag;
    private final Clock clock;
    private final Instant registeredAt;
    private final Counter successes;
    private final Counter failed;
    private final Timer durations;
    private final boolean disabled;

    private Instant lastStartedAt;
    private Instant lastFinishedAt;
    private Long lastDurationMillis;
    private Long lastItems;
    private String lastDetail;
    private long passes;
    private long failures;
    private long consecutiveFailures;
    private String lastError;
    private Instant lastErrorAt;
    private boolean running;
    private volatile Long lagMillis;

    JobTracker(String name, Duration period, Duration staleAfter, Supplier<Mono<Duration>> lag, boolean disabled,
            Clock clock, MeterRegistry registry) {
        this.job = slug(name);
        this.name = name;
        this.period = period;
        this.staleAfter = staleAfter;
        this.lag = lag;
        this.disabled = disabled;
        this.clock = clock;
        this.registeredAt = clock.instant();
        this.successes = passes(registry, "success");
        this.failed = passes(registry, "failure");
        this.durations = Timer.builder("flashsale.jobs.pass.duration").tag("task", job)
                .description("How long a background job's passes take").register(registry);
    }

    String job() {
        return job;
    }

    boolean hasLag() {
        return lag != null;
    }

    synchronized void started() {
        lastStartedAt = clock.instant();
        running = true;
    }

    synchronized void succeeded(Object result) {
        finished();
        successes.increment();
        consecutiveFailures = 0;
        if (result instanceof Number n) {
            lastItems = n.longValue();
        } else if (result instanceof JobOutcome outcome) {
            lastItems = outcome.items();
            lastDetail = outcome.detail();
        }
    }

    synchronized void failed(Throwable error) {
        finished();
        failed.increment();
        failures++;
        consecutiveFailures++;
        lastError = String.valueOf(error);
        lastErrorAt = lastFinishedAt;
    }

    private void finished() {
        lastFinishedAt = clock.instant();
        lastDurationMillis = Duration.between(lastStartedAt, lastFinishedAt).toMillis();
        durations.record(Duration.ofMillis(lastDurationMillis));
        passes++;
        running = false;
    }

    /** Refreshes the lag, for jobs that have one; a failure leaves the last known value. */
    Mono<Void> refreshLag() {
        return lag == null ? Mono.empty()
                : lag.get().doOnNext(d -> lagMillis = d.toMillis()).onErrorResume(e -> Mono.empty()).then();
    }

    synchronized JobStatus status() {
        return new JobStatus(job, name, state(), period.toMillis(), running, lastStartedAt, lastFinishedAt,
                lastDurationMillis, lastItems, lastDetail, passes, failures, consecutiveFailures, lastError, lastErrorAt, lagMillis);
    }

    private JobStatus.State state() {
        if (disabled) {
            return JobStatus.State.DISABLED;
        }
        Instant since = lastFinishedAt != null ? lastFinishedAt : registeredAt;
        if (Duration.between(since, clock.instant()).compareTo(staleAfter) > 0) {
            return JobStatus.State.STALE;
        }
        return consecutiveFailures > 0 ? JobStatus.State.FAILING : JobStatus.State.OK;
    }

    private Counter passes(MeterRegistry registry, String outcome) {
        return Counter.builder("flashsale.jobs.passes").tag("task", job).tag("outcome", outcome)
                .description("Passes of a background job by outcome").register(registry);
    }

    static String slug(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
