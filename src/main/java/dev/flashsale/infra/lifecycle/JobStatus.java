package dev.flashsale.infra.lifecycle;

import java.time.Instant;

/**
 * What one background job on one instance did last, as {@code GET /admin/api/jobs} shows it.
 *
 * @param job                 stable id (a slug of its name)
 * @param name                what the job does, as its logs say it
 * @param state               see {@link State}
 * @param periodMillis        how often it is meant to run
 * @param lastItems           what its last pass processed (holds expired, events applied, ...), when it says
 * @param lastDetail          a short note from the last pass (reconciliation: the drift it found), when it gives one
 * @param lagMillis           how far behind it is, for jobs that have a backlog (the sweeper: the oldest
 *                            overdue deadline; the ledger feed: the oldest unacknowledged event); null otherwise
 */
public record JobStatus(String job, String name, State state, long periodMillis, boolean running,
        Instant lastStartedAt, Instant lastFinishedAt, Long lastDurationMillis, Long lastItems, String lastDetail, long passes,
        long failures, long consecutiveFailures, String lastError, Instant lastErrorAt, Long lagMillis) {

    public enum State {
        /** Its last pass finished in time and succeeded. */
        OK,
        /** Its last pass failed; it is retried at the next tick. */
        FAILING,
        /** No pass has finished for longer than the stale bound: stopped, stuck or starved. */
        STALE,
        /** Switched off by configuration on this instance. */
        DISABLED
    }
}
