package dev.flashsale.ledger;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param pollInterval     how often each instance reads the sale streams it has not drained
 * @param batchSize        most events applied in one Postgres transaction
 * @param claimAfter       how long an event may stay unacknowledged by a consumer before another claims it
 * @param streamRetention  acknowledged events younger than this stay in the stream (for inspection)
 * @param reconcileEvery   period of the reconciliation job
 * @param expiryHoldMax    longest expiry is held back after a Redis (re)connection while the repair of paid
 *                         holds cannot finish (Postgres down), then holds expire again with an error logged;
 *                         0 (the default): until the repair finishes, however long
 */
@ConfigurationProperties("flashsale.ledger")
record LedgerProperties(
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("30s") Duration claimAfter,
        @DefaultValue("1h") Duration streamRetention,
        @DefaultValue("30s") Duration reconcileEvery,
        @DefaultValue("0s") Duration expiryHoldMax) {

    LedgerProperties {
        if (expiryHoldMax.isNegative()) {
            throw new IllegalArgumentException("flashsale.ledger.expiry-hold-max must be 0 (wait for the repair of paid holds"
                    + " however long) or positive, not " + expiryHoldMax);
        }
    }
}
