package dev.flashsale.infra.lifecycle;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * A reactive job that runs while the application context runs: started after the beans it uses
 * (Redis and database clients are lifecycle beans too), stopped before them on shutdown, and
 * stopped and restarted with a paused test context.
 */
public abstract class BackgroundTask implements SmartLifecycle {

    private volatile Disposable running;
    private Jobs jobs;

    /**
     * Where passes are reported ({@code GET /admin/api/jobs}). A setter, not a constructor argument, so
     * that every job reports without each subclass passing it on; absent in tests that build a task by hand.
     */
    @Autowired(required = false)
    void reportTo(Jobs jobs) {
        this.jobs = jobs;
    }

    /** Subscribes the job and returns its subscription; {@link #disabled(String)} when it should not run here. */
    protected abstract Disposable begin();

    @Override
    public final synchronized void start() {
        if (running == null) {
            running = begin();
        }
    }

    @Override
    public final synchronized void stop() {
        if (running != null) {
            running.dispose();
            running = null;
        }
    }

    @Override
    public final boolean isRunning() {
        return running != null;
    }

    /** A subscription standing for a job switched off by configuration; listed as DISABLED. */
    protected final Disposable disabled(String what) {
        if (jobs != null) {
            jobs.disabled(what);
        }
        return Disposables.single();
    }

    /**
     * Runs {@code pass} every {@code period}, one pass at a time (a tick that finds the previous pass
     * still running is dropped); a failed pass is logged and the next tick tries again. Stopping
     * never cancels a pass midway: a cancelled database transaction could go back to the connection
     * pool still open, so a running pass is left to commit or roll back on its own. Each pass is
     * reported to {@link Jobs} under {@code what}; a pass that emits a number reports it as its items.
     */
    protected final Disposable every(Duration period, Supplier<Mono<?>> pass, Logger log, String what) {
        return every(period, pass, null, log, what);
    }

    /** As above, for a job with a backlog: {@code lag} says how far behind it is (read when status is asked). */
    protected final Disposable every(Duration period, Supplier<Mono<?>> pass, Supplier<Mono<Duration>> lag, Logger log,
            String what) {
        return every(period, pass, lag, log, what, Schedulers.parallel());
    }

    /**
     * As {@link #every(Duration, Supplier, Logger, String)}, timed on a thread of its own ({@code thread})
     * rather than on Reactor's parallel workers, which other jobs' work can keep busy for hundreds of
     * milliseconds: for a job whose timing is its point (the waiting room's admissions are paced by their
     * ticks). The thread ends with the job.
     */
    protected final Disposable everyOnOwnThread(Duration period, Supplier<Mono<?>> pass, Logger log, String what, String thread) {
        Scheduler timer = Schedulers.newSingle(thread, true);
        return Disposables.composite(every(period, pass, null, log, what, timer), timer);
    }

    private Disposable every(Duration period, Supplier<Mono<?>> pass, Supplier<Mono<Duration>> lag, Logger log, String what,
            Scheduler timer) {
        JobTracker tracker = jobs == null ? null : jobs.track(what, period, lag);
        return Flux.interval(period, period, timer)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromFuture(tracked(pass, tracker).onErrorResume(e -> {
                    log.warn("{} failed, retrying next time: {}", what, e.toString());
                    return Mono.empty();
                }).toFuture(), true), 1)
                .subscribe();
    }

    private static Mono<?> tracked(Supplier<Mono<?>> pass, JobTracker tracker) {
        if (tracker == null) {
            return Mono.defer(pass);
        }
        return Mono.defer(() -> {
            tracker.started();
            return pass.get();
        }).map(Object.class::cast).defaultIfEmpty(Boolean.TRUE)
                .doOnNext(tracker::succeeded)
                .doOnError(tracker::failed);
    }
}
