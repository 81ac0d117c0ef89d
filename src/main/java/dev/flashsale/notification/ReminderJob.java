package dev.flashsale.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.reservation.Holds;
import dev.flashsale.reservation.ReservationStatus;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sends HOLD_EXPIRING for reminders whose time has come, on every instance: a hold the engine still
 * has HELD before its deadline gets it; one that ended (paid, released, expired, or purged from
 * Redis after it closed) is dropped silently. Two instances working the same reminder store it
 * once (its source is the hold), so it is sent once. Once a minute, the reminder sets of sales that
 * ended {@code cleanup-after} ago are deleted.
 */
@Component
class ReminderJob extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(ReminderJob.class);
    private static final Duration FOLLOW_AFTER_END = Duration.ofDays(1);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(1);
    private static final int BATCH = 200;

    private final Reminders reminders;
    private final Holds holds;
    private final EventReactions reactions;
    private final NotificationMetrics metrics;
    private final CatalogCache catalog;
    private final NotificationProperties props;
    private final Clock clock;
    private final Set<Long> cleaned = ConcurrentHashMap.newKeySet();

    ReminderJob(Reminders reminders, Holds holds, EventReactions reactions, NotificationMetrics metrics, CatalogCache catalog,
            NotificationProperties props, Clock clock) {
        this.reminders = reminders;
        this.holds = holds;
        this.reactions = reactions;
        this.metrics = metrics;
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
    }

    /** Works every due reminder of the followed sales; returns how many were worked. */
    Mono<Long> remindDue() {
        Instant now = clock.instant();
        return catalog.salesEndingAfter(now.minus(FOLLOW_AFTER_END))
                .concatMap(sale -> reminders.due(sale.id(), now, BATCH)
                        .flatMapMany(Flux::fromIterable)
                        .concatMap(holdId -> work(sale.id(), holdId, now).then(reminders.done(sale.id(), holdId)))
                        .count()
                        .onErrorResume(e -> {
                            log.warn("Reminders of sale {} failed, retrying next time: {}", sale.id(), e.toString());
                            return Mono.just(0L);
                        }))
                .reduce(0L, Long::sum);
    }

    private Mono<Void> work(long saleId, String holdId, Instant now) {
        return holds.find(holdId)
                .filter(hold -> hold.status() == ReservationStatus.HELD && hold.expiresAt().isAfter(now))
                .flatMap(hold -> reactions.remind(saleId, hold.id(), hold.shopper(), hold.expiresAt()).thenReturn(hold))
                .switchIfEmpty(Mono.fromRunnable(() -> metrics.made(NotificationType.HOLD_EXPIRING, "dropped")))
                .then();
    }

    /** Deletes the reminder sets of sales that ended {@code cleanup-after} ago; returns how many. */
    Mono<Long> cleanEndedSales() {
        Instant cutoff = clock.instant().minus(props.cleanupAfter());
        return catalog.snapshot()
                .flatMapMany(s -> Flux.fromIterable(s.salesInOrder()))
                .filter(sale -> sale.endsAt().isBefore(cutoff) && !cleaned.contains(sale.id()))
                .map(Sale::id)
                .concatMap(saleId -> reminders.drop(saleId).doOnSuccess(n -> cleaned.add(saleId)))
                .count();
    }

    @Override
    protected Disposable begin() {
        return Disposables.composite(
                every(props.remindInterval(), this::remindDue, log, "Hold reminders"),
                every(CLEANUP_EVERY, this::cleanEndedSales, log, "Reminder cleanup"));
    }
}
