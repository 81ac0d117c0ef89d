package dev.flashsale.marketplace.sync;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.flashsale.marketplace.Marketplace;

/** What admins see of the sync job. {@code leaseHolder} is set while some instance is running it. */
record SyncStatus(boolean enabled, Duration interval, List<Marketplace> sources, String leaseHolder,
        SyncRun lastRun, Map<String, String> breakers) {
}
