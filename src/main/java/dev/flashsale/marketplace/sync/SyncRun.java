package dev.flashsale.marketplace.sync;

import java.time.Instant;

/** One sync run's outcome: {@code checked} products looked up, of which {@code updated} got a price. */
record SyncRun(Long id, String instanceId, String trigger, Instant startedAt, Instant finishedAt,
        Outcome outcome, int checked, int updated, int deferred, int failed, int alerts, String message) {

    public enum Outcome {
        RUNNING, SUCCEEDED, PARTIAL, FAILED, SKIPPED
    }
}
