package dev.flashsale.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.waitingroom.QueueSoldOut;
import dev.flashsale.waitingroom.QueueWatch;
import dev.flashsale.waitingroom.Ticket;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Live waiting-room notices for the shoppers whose notification stream is open on this instance,
 * every {@link #EVERY}: {@code QUEUE_ADMITTED} with the admission token and {@code QUEUE_SOLD_OUT} when
 * no unit is left for those queued, at the first pass that sees them, so they reach the shopper within
 * two seconds; {@code QUEUE_POSITION} when the place moved, but at most every
 * {@link TicketChanges#POSITION_EVERY} (while admissions run every queued shopper's place moves every second: halving those pushes halves
 * the biggest part of this job's cost, and a place is still told at least every 2 s). A sell-out
 * ({@link QueueSoldOut}, within an admission tick of the last unit held) is told at once to the
 * shoppers last told a place in that room, without waiting for the next pass or reading their tickets;
 * a pass reads the others'. Live only (not stored, not sent outbound): the sale page also reads the
 * ticket. Asking is the heartbeat that keeps a queued shopper with an open stream in place
 * ({@link QueueWatch}).
 */
@Component
class QueuePushes extends BackgroundTask {

    static final Duration EVERY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(QueuePushes.class);

    private final LiveStreams live;
    private final QueueWatch queues;
    private final Clock clock;
    private final TicketChanges changes = new TicketChanges();

    QueuePushes(LiveStreams live, QueueWatch queues, Clock clock) {
        this.live = live;
        this.queues = queues;
        this.clock = clock;
    }

    @Override
    protected Disposable begin() {
        return every(EVERY, this::pass, log, "Waiting-room pushes");
    }

    /** One pass; returns how many notices were pushed. */
    Mono<Long> pass() {
        Instant started = clock.instant();
        Set<String> connected = live.connectedShoppers();
        changes.keepOnly(connected);
        return queues.watch(connected).map(w -> tell(w.shopper(), w.saleId(), w.ticket(), started) ? 1L : 0L)
                .reduce(0L, Long::sum);
    }

    /** Off the thread that published it (the tick's Redis reply arrives on Lettuce's I/O thread). */
    @EventListener
    void soldOut(QueueSoldOut event) {
        Schedulers.parallel().schedule(() -> tellSellOut(event.saleId()));
    }

    /** Returns how many were told; one lock with {@link #tell}, so no place read before is pushed after. */
    synchronized int tellSellOut(long saleId) {
        Instant now = clock.instant();
        var soldOut = changes.sellOut(saleId, now);
        soldOut.forEach((shopper, ticket) -> push(shopper, saleId, NotificationType.QUEUE_SOLD_OUT, ticket, now));
        return soldOut.size();
    }

    private synchronized boolean tell(String shopper, long saleId, Ticket ticket, Instant readAt) {
        NotificationType type = switch (ticket.status()) {
            case "WAITING", "PRE_QUEUE" -> NotificationType.QUEUE_POSITION;
            case "ADMITTED" -> NotificationType.QUEUE_ADMITTED;
            case "SOLD_OUT" -> NotificationType.QUEUE_SOLD_OUT;
            default -> null;  // USED, EXPIRED, LEFT: the shopper acted or has to join again; nothing to push
        };
        Instant now = clock.instant();
        if (!changes.worthTelling(shopper, saleId, ticket, readAt, now) || type == null) {
            return false;
        }
        push(shopper, saleId, type, ticket, now);
        return true;
    }

    private void push(String shopper, long saleId, NotificationType type, Ticket ticket, Instant now) {
        int position = ticket.position() == null ? 0 : ticket.position().intValue();
        live.deliverLocal(shopper, new NotificationView(null, type, saleId, null, type.title(), type.message(position, Duration.ZERO),
                ticket.admissionExpiresAt(), now, ticket));
    }
}
