package dev.flashsale.notification;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * Makes a notification: stored first (once per source), then pushed to the shopper's open streams.
 * The outbound channel picks stored notifications up from Postgres ({@link OutboundDelivery}), so a
 * notification that is stored is handed on even if this instance dies right after.
 */
@Component
class Notifier {

    private final NotificationStore store;
    private final LiveStreams live;
    private final NotificationMetrics metrics;

    Notifier(NotificationStore store, LiveStreams live, NotificationMetrics metrics) {
        this.store = store;
        this.live = live;
        this.metrics = metrics;
    }

    /** Completes once stored (or found stored before: nothing is pushed twice). */
    Mono<Void> notify(NewNotification notification) {
        return store.insert(notification)
                .flatMap(stored -> {
                    metrics.made(notification.type(), "stored");
                    return live.publish(stored.shopper(), stored.view());
                })
                .switchIfEmpty(Mono.fromRunnable(() -> metrics.made(notification.type(), "duplicate")))
                .then();
    }
}
