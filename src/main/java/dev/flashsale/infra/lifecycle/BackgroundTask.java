package dev.flashsale.infra.lifecycle;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.springframework.context.SmartLifecycle;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A reactive job that runs while the application context runs: started after the beans it uses
 * (Redis and database clients are lifecycle beans too), stopped before them on shutdown, and
 * stopped and restarted with a paused test context.
 */
public abstract class BackgroundTask implements SmartLifecycle {

    private volatile Disposable running;

    /** Subscribes the job and returns its subscription; {@link #disabled()} when it should not run here. */
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

    /** A subscription standing for a job switched off by configuration. */
    protected static Disposable disabled() {
        return reactor.core.Disposables.single();
    }

    /**
     * Runs {@code pass} every {@code period}, one pass at a time (a tick that finds the previous pass
     * still running is dropped); a failed pass is logged and the next tick tries again. Stopping
     * never cancels a pass midway: a cancelled database transaction could go back to the connection
     * pool still open, so a running pass is left to commit or roll back on its own.
     */
    protected static Disposable every(Duration period, Supplier<Mono<?>> pass, Logger log, String what) {
        return Flux.interval(period, period)
                .onBackpressureDrop()
                .concatMap(tick -> Mono.fromFuture(pass.get().onErrorResume(e -> {
                    log.warn("{} failed, retrying next time: {}", what, e.toString());
                    return Mono.empty();
                }).toFuture(), true), 1)
                .subscribe();
    }
}
