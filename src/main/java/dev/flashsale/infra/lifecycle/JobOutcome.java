package dev.flashsale.infra.lifecycle;

/**
 * What a pass may emit to say more than a count: {@code items} processed and a short {@code detail}
 * for the job list (reconciliation: the drift it found). A pass that emits a plain number reports it
 * as items.
 */
public record JobOutcome(long items, String detail) {
}
