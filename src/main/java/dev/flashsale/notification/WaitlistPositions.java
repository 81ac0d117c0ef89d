package dev.flashsale.notification;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.reservation.WaitlistJoined;
import dev.flashsale.reservation.Waitlists;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Live waitlist positions for the shoppers whose notification stream is open on this instance:
 * every {@link #EVERY} a {@code WAITLIST_POSITION} notice to each waiting shopper whose place moved
 * (live only: not stored, not sent outbound; the sale page also asks {@code GET .../waitlist}).
 * <p>
 * Only shoppers known to wait are asked each pass: those who joined through this instance (the
 * {@link WaitlistJoined} event) and those a full pass over every connected shopper found waiting,
 * which runs every {@link #FULL_SCAN} (a join served by another instance is picked up then). Asking
 * Redis about every connected shopper every two seconds would cost one script call per shopper and
 * live sale.
 */
@Component
class WaitlistPositions extends BackgroundTask {

    static final Duration EVERY = Duration.ofSeconds(2);
    static final Duration FULL_SCAN = Duration.ofSeconds(30);
    private static final Logger log = LoggerFactory.getLogger(WaitlistPositions.class);

    private final LiveStreams live;
    private final Waitlists waitlists;
    private final Clock clock;
    /** Waiting shoppers connected here -> sale -> the position last told (0: not told yet). */
    private final Map<String, Map<Long, Long>> told = new ConcurrentHashMap<>();
    private volatile long nextFullScan;

    WaitlistPositions(LiveStreams live, Waitlists waitlists, Clock clock) {
        this.live = live;
        this.waitlists = waitlists;
        this.clock = clock;
    }

    @EventListener
    void joined(WaitlistJoined joined) {
        told.computeIfAbsent(joined.shopper(), s -> new ConcurrentHashMap<>()).putIfAbsent(joined.saleId(), 0L);
    }

    @Override
    protected Disposable begin() {
        return every(EVERY, this::pass, log, "Waitlist positions");
    }

    /** One pass; returns how many notices were pushed. */
    Mono<Long> pass() {
        Set<String> connected = live.connectedShoppers();
        told.keySet().retainAll(connected);
        boolean full = clock.millis() >= nextFullScan;
        if (full) {
            nextFullScan = clock.millis() + FULL_SCAN.toMillis();
        }
        return Flux.fromIterable(full ? connected : Set.copyOf(told.keySet()))
                .concatMap(shopper -> waitlists.entries(shopper).collectList().map(entries -> tell(shopper, entries))
                        .onErrorResume(e -> Mono.just(0L)))
                .reduce(0L, Long::sum);
    }

    private long tell(String shopper, List<Waitlists.Entry> entries) {
        List<Waitlists.Entry> waiting = entries.stream().filter(e -> e.status() == Waitlists.Status.WAITING).toList();
        if (waiting.isEmpty()) {
            told.remove(shopper);
            return 0;
        }
        Map<Long, Long> positions = told.computeIfAbsent(shopper, s -> new ConcurrentHashMap<>());
        positions.keySet().retainAll(waiting.stream().map(Waitlists.Entry::saleId).toList());
        long pushed = 0;
        for (Waitlists.Entry entry : waiting) {
            Long before = positions.put(entry.saleId(), entry.position());
            if (before == null || before != entry.position()) {
                NotificationType type = NotificationType.WAITLIST_POSITION;
                live.deliverLocal(shopper, new NotificationView(null, type, entry.saleId(), null, type.title(),
                        type.message((int) entry.position(), Duration.ZERO), null, clock.instant()));
                pushed++;
            }
        }
        return pushed;
    }
}
