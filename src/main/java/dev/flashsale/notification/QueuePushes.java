package dev.flashsale.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.waitingroom.QueueWatch;
import dev.flashsale.waitingroom.Ticket;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Live waiting-room notices for the shoppers whose notification stream is open on this instance,
 * every {@link #EVERY}: {@code QUEUE_ADMITTED} with the admission token and {@code QUEUE_SOLD_OUT} when
 * no unit is left for those queued, at the first pass that sees them, so they reach the shopper within
 * two seconds; {@code QUEUE_POSITION} when the place moved, but at most every
 * {@link TicketChanges#POSITION_EVERY} (while admissions run every queued shopper's place moves every second: halving those pushes halves
 * the biggest part of this job's cost, and a place is still told at least every 2 s). Live only (not
 * stored, not sent outbound): the sale page also reads the ticket. Asking is the heartbeat that keeps a
 * queued shopper with an open stream in place ({@link QueueWatch}).
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
        Set<String> connected = live.connectedShoppers();
        changes.keepOnly(connected);
        return queues.watch(connected).map(w -> tell(w.shopper(), w.saleId(), w.ticket()) ? 1L : 0L).reduce(0L, Long::sum);
    }

    private boolean tell(String shopper, long saleId, Ticket ticket) {
        NotificationType type = switch (ticket.status()) {
            case "WAITING", "PRE_QUEUE" -> NotificationType.QUEUE_POSITION;
            case "ADMITTED" -> NotificationType.QUEUE_ADMITTED;
            case "SOLD_OUT" -> NotificationType.QUEUE_SOLD_OUT;
            default -> null;  // USED, EXPIRED, LEFT: the shopper acted or has to join again; nothing to push
        };
        Instant now = clock.instant();
        if (!changes.worthTelling(shopper, saleId, ticket, now) || type == null) {
            return false;
        }
        int position = ticket.position() == null ? 0 : ticket.position().intValue();
        live.deliverLocal(shopper, new NotificationView(null, type, saleId, null, type.title(), type.message(position, Duration.ZERO),
                ticket.admissionExpiresAt(), now, ticket));
        return true;
    }
}
