package dev.flashsale.waitingroom;

import java.time.Instant;

/**
 * A shopper's place in a sale's waiting room (the queue API's answer, and what the notification
 * stream pushes).
 *
 * @param ticketId             the shopper's ticket number in this sale (joins are numbered 1, 2, ...; the
 *                             pre-queue's numbers are the input of the draw)
 * @param position             1-based place among those waiting; null unless {@code WAITING} or {@code SOLD_OUT}
 * @param aheadOfYou           shoppers waiting ahead; null with position
 * @param estimatedWaitSeconds while {@code WAITING}, when this shopper's admission is expected, in seconds to
 *                             a hundredth: when the admission tick that reaches this place is due, following
 *                             the room's pacing (lua/lib/queue.lua, wait_estimate); null otherwise, and
 *                             while the place is beyond the units left counting admitted shoppers who have
 *                             not reserved (admission then waits for shoppers ahead who do not buy)
 * @param status               {@code PRE_QUEUE} (joined before the start, order not drawn yet), {@code WAITING},
 *                             {@code SOLD_OUT} (waiting, but no unit is left now; units that come back reopen
 *                             admission), {@code ADMITTED}, {@code USED}, {@code EXPIRED}, {@code LEFT}
 * @param admissionToken       while {@code ADMITTED}: send it as {@code X-Admission-Token} with the reserve
 * @param admissionExpiresAt   while {@code ADMITTED}: the reserve must come before this instant
 */
public record Ticket(long ticketId, Long position, Long aheadOfYou, Double estimatedWaitSeconds, String status,
        String admissionToken, Instant admissionExpiresAt) {
}
