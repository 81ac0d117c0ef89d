package dev.flashsale.marketplace;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** What admins see of the sync job. {@code leaseHolder} is set while some instance is running it. */
record SyncStatus(boolean enabled, Duration interval, List<Marketplace> sources, String leaseHolder,
        SyncRun lastRun, Map<String, String> breakers) {
}
