package dev.flashsale.recommendation;

import java.time.Instant;

/** One row of {@code behaviour_event}. */
record BehaviourEvent(String shopperId, long saleId, BehaviourType type, Instant at) {
}
