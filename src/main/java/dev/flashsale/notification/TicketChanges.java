package dev.flashsale.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.flashsale.waitingroom.Ticket;

/**
 * What {@link QueuePushes} last told each connected shopper about each room, and whether a ticket read
 * now is worth a push: a new status at once (admitted, sold out, queued again), a waiting shopper's new
 * place only once {@link #POSITION_EVERY} has passed since the last push, nothing that was told already.
 */
final class TicketChanges {

    /** Less than two passes, so that a pass running a little early still tells a moved place every other pass. */
    static final Duration POSITION_EVERY = Duration.ofMillis(1_500);

    private record Told(String status, String what, Instant at) {
    }

    /** Connected shopper -> sale -> what was last told: status with position or the admission's deadline. */
    private final Map<String, Map<Long, Told>> told = new ConcurrentHashMap<>();

    /** Records the ticket as told when it is worth telling (the caller then pushes it, or not for a status it does not push). */
    boolean worthTelling(String shopper, long saleId, Ticket ticket, Instant now) {
        String what = "SOLD_OUT".equals(ticket.status()) ? "" : ticket.position() + ":" + ticket.admissionExpiresAt();
        Map<Long, Told> sales = told.computeIfAbsent(shopper, s -> new ConcurrentHashMap<>());
        Told before = sales.get(saleId);
        if (before != null && before.status().equals(ticket.status())
                && (before.what().equals(what) || "WAITING".equals(ticket.status()) && before.at().plus(POSITION_EVERY).isAfter(now))) {
            return false;
        }
        sales.put(saleId, new Told(ticket.status(), what, now));
        return true;
    }

    /** Forgets the shoppers whose stream closed. */
    void keepOnly(Set<String> connected) {
        told.keySet().retainAll(connected);
    }
}
