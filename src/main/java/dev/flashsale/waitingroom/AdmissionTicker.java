package dev.flashsale.waitingroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Every instance, every {@code tick-interval}: starts a reload of the rooms' settings when due (beside
 * the ticks, which use the settings last loaded), runs the admission tick (queue_admit: draw, expiries,
 * leavers, admissions) of each enabled room whose sale has not ended, and deletes the queue of a room
 * whose sale ended one to two days ago. Running on all instances is safe: the per-second budget and
 * the stock ceiling are checked inside the script. Publishes {@link QueueSoldOut} when a tick finds no
 * unit left where this instance's previous tick of the room found some.
 */
@Component
class AdmissionTicker extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(AdmissionTicker.class);
    private static final Duration KEEP_AFTER_END = Duration.ofDays(1);

    private final WaitingRooms rooms;
    private final Queue queue;
    private final CatalogCache catalog;
    private final WaitingRoomProperties props;
    private final QueueMetrics metrics;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final AtomicBoolean reloading = new AtomicBoolean();
    /** The rooms whose last tick here found no unit left. */
    private final Set<Long> soldOut = ConcurrentHashMap.newKeySet();

    AdmissionTicker(WaitingRooms rooms, Queue queue, CatalogCache catalog, WaitingRoomProperties props, QueueMetrics metrics,
            ApplicationEventPublisher events, Clock clock) {
        this.rooms = rooms;
        this.events = events;
        this.queue = queue;
        this.catalog = catalog;
        this.props = props;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Loads the settings at once rather than at the first tick: until this instance has loaded them,
     * its reserves wait for a load (and answer 503 if Postgres cannot give one).
     */
    @Override
    protected Disposable begin() {
        rooms.refreshIfOlderThan(Duration.ZERO, clock.instant()).subscribe();
        return everyOnOwnThread(props.tickInterval(), this::pass, log, "Waiting-room admissions", "admission-tick");
    }

    private record Due(Sale sale, RoomSettings room) {
    }

    Mono<Long> pass() {
        Instant now = clock.instant();
        reloadSettingsIfDue(now);
        List<RoomSettings> enabled = new ArrayList<>();
        rooms.all().forEach(room -> {
            if (room.enabled()) {
                enabled.add(room);
            }
        });
        if (enabled.isEmpty()) {
            return Mono.just(0L);
        }
        return catalog.snapshot()
                .flatMapMany(snapshot -> Flux.fromIterable(enabled)
                        .flatMap(room -> Mono.justOrEmpty(snapshot.sale(room.saleId())).map(sale -> new Due(sale, room))))
                .flatMap(due -> tick(due.sale(), due.room(), now), 4)
                .reduce(0L, Long::sum);
    }

    /**
     * Reloads the rooms' settings from Postgres when {@code settings-refresh} has passed, beside the
     * ticks rather than before them: a slow or absent Postgres must not hold admissions back (they
     * go on with the settings last loaded). One reload at a time.
     */
    private void reloadSettingsIfDue(Instant now) {
        if (reloading.compareAndSet(false, true)) {
            rooms.refreshIfOlderThan(props.settingsRefresh(), now).doFinally(signal -> reloading.set(false)).subscribe();
        }
    }

    Mono<Long> tick(Sale sale, RoomSettings room, Instant now) {
        if (now.isBefore(Queue.opensAt(sale, room))) {
            return Mono.just(0L);
        }
        if (!now.isBefore(sale.endsAt())) {
            soldOut.remove(sale.id());
            Instant deleteFrom = sale.endsAt().plus(KEEP_AFTER_END);
            boolean due = now.isAfter(deleteFrom) && now.isBefore(deleteFrom.plus(KEEP_AFTER_END));
            return due ? queue.delete(sale.id()).thenReturn(0L) : Mono.just(0L);
        }
        return queue.admit(sale, room, props.marginPercent(), props.leaveAfter().toMillis(), "")
                .doOnNext(tick -> {
                    metrics.tick(sale.id(), tick);
                    if (!tick.soldOut()) {
                        soldOut.remove(sale.id());
                    } else if (soldOut.add(sale.id())) {
                        events.publishEvent(new QueueSoldOut(sale.id()));
                    }
                })
                .map(Queue.Tick::admitted);
    }
}
