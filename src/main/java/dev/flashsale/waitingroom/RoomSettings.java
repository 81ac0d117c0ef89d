package dev.flashsale.waitingroom;

import java.time.Duration;
import java.time.Instant;

/**
 * One sale's waiting room, as the operator set it ({@code PUT /admin/api/sales/{id}/waiting-room}).
 *
 * @param opensAt        when the pre-queue opens (joins from then until the sale starts are drawn
 *                       at random at the start); the sale's start when absent: no pre-queue
 * @param admitPerSecond the most shoppers admitted in any second
 * @param admissionTtl   how long an admitted shopper has to reserve
 */
record RoomSettings(long saleId, boolean enabled, Instant opensAt, int admitPerSecond, Duration admissionTtl) {

    /** The request body of the admin PUT; {@code saleId} comes from the path. */
    record Request(Boolean enabled, Instant opensAt, Integer admitPerSecond, Duration admissionTtl) {
    }
}
