package dev.flashsale.admin;

import java.time.Instant;
import java.util.Map;

import dev.flashsale.catalog.SaleStatus;

/**
 * One second of {@code GET /admin/api/sales/{id}/live}. Stock is Redis's ({@code available + offered +
 * held + sold == total}; {@code offered} are units held for waitlisted shoppers' claim windows), as is
 * {@code waiting} (shoppers on the waitlist) and the waiting room's numbers (0 without a room): {@code queued},
 * {@code queueAdmittedPerSecond} (last whole second), {@code queueAbandoned} (admitted without reserving in
 * time, or left without a heartbeat, so far) and {@code waitEstimatesWithin} (share of admitted shoppers
 * whose wait was within ±20 % of the estimate shown; left out before any); rates are summed over all instances. Left out of the JSON when null: {@code soldOutAt} and {@code timeToSellOutSeconds} (start to sell-out) while the
 * sale has units available; {@code sellOutInSeconds} (a projection from the last 10 s of stock) while
 * stock is not falling; {@code restoreDelayP99Millis} (upper bound of the bucket holding the 99th
 * percentile over the stream's last minute) while no hold expired in it.
 */
record LiveView(long saleId, Instant at, SaleStatus status, long available, long offered, long held, long sold, long total,
        long waiting, long queued, long queueAdmittedPerSecond, long queueAbandoned, Double waitEstimatesWithin,
        Map<String, Double> reservesPerSecond, Instant soldOutAt, Long timeToSellOutSeconds, Long sellOutInSeconds,
        Long restoreDelayP99Millis) {
}
