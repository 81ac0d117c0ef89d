package dev.flashsale.recommendation;

import java.time.Duration;
import java.util.function.Supplier;

import org.slf4j.Logger;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs a background task every interval on this instance, one run at a time; a tick that comes
 * while a run is still going is skipped, and a failed run is logged so the next one still comes.
 */
final class Periodic {

    private Periodic() {
    }

    static Disposable every(Duration first, Duration interval, Supplier<Mono<?>> task, Logger log, String what) {
        return Flux.interval(first, interval)
                .onBackpressureDrop()
                .concatMap(tick -> task.get()
                        .doOnError(e -> log.warn("{} failed: {}", what, e.toString()))
                        .onErrorResume(e -> Mono.empty()))
                .subscribe();
    }
}
