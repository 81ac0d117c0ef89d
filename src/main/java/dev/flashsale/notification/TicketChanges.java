package dev.flashsale.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.flashsale.waitingroom.Ticket;

/**
 * What {@link QueuePushes} last told each connected shopper about each room, and whether a ticket read
 * now is worth a push: a new status at once (admitted, sold out, queued again), a waiting shopper's new
 * place only once {@link #POSITION_EVERY} has passed since the last push, nothing that was told already.
 * A sell-out is told from here, without reading the tickets ({@link #sellOut}); a ticket read before it
 * is not told after it.
 */
final class TicketChanges {

    /** Less than two passes, so that a pass running a little early still tells a moved place every other pass. */
    static final Duration POSITION_EVERY = Duration.ofMillis(1_500);

    private record Told(Ticket ticket, Instant at) {
    }

    /** Connected shopper -> sale -> the ticket last told, and when. */
    private final Map<String, Map<Long, Told>> told = new ConcurrentHashMap<>();
    /** Sale -> when its last sell-out was told. */
    private final Map<Long, Instant> soldOutAt = new ConcurrentHashMap<>();

    /**
     * Records the ticket, read at {@code readAt} or later, as told when it is worth telling (the caller
     * then pushes it, or not for a status it does not push).
     */
    boolean worthTelling(String shopper, long saleId, Ticket ticket, Instant readAt, Instant now) {
        Instant sellOut = soldOutAt.get(saleId);
        if (sellOut != null && sellOut.isAfter(readAt) && !"SOLD_OUT".equals(ticket.status())) {
            return false;   // may have been read before the sell-out told since; the next pass reads it again
        }
        Map<Long, Told> sales = told.computeIfAbsent(shopper, s -> new ConcurrentHashMap<>());
        Told before = sales.get(saleId);
        if (before != null && before.ticket().status().equals(ticket.status())
                && (what(before.ticket()).equals(what(ticket))
                        || "WAITING".equals(ticket.status()) && before.at().plus(POSITION_EVERY).isAfter(now))) {
            return false;
        }
        sales.put(saleId, new Told(ticket, now));
        return true;
    }

    /** What a push of the ticket tells besides its status: the place or the admission's deadline (nothing for sold out). */
    private static String what(Ticket ticket) {
        return "SOLD_OUT".equals(ticket.status()) ? "" : ticket.position() + ":" + ticket.admissionExpiresAt();
    }

    /**
     * The sale has no unit left: the {@code SOLD_OUT} tickets of the shoppers last told a place in its
     * queue (their place as told, no wait estimate), by shopper, recorded as told.
     */
    Map<String, Ticket> sellOut(long saleId, Instant now) {
        soldOutAt.put(saleId, now);
        Map<String, Ticket> soldOut = new LinkedHashMap<>();
        told.forEach((shopper, sales) -> {
            Told before = sales.get(saleId);
            if (before != null && "WAITING".equals(before.ticket().status())) {
                Ticket t = before.ticket();
                // no wait estimate, as the queue's own SOLD_OUT tickets: no unit is left to wait for
                Ticket ticket = new Ticket(t.ticketId(), t.position(), t.aheadOfYou(), null, "SOLD_OUT", null, null);
                sales.put(saleId, new Told(ticket, now));
                soldOut.put(shopper, ticket);
            }
        });
        return soldOut;
    }

    /** Forgets the shoppers whose stream closed. */
    void keepOnly(Set<String> connected) {
        told.keySet().retainAll(connected);
    }
}
