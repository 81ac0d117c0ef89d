package dev.flashsale.notification;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Mono;

/** The default channel: a log line per notification, for a shop that has wired nothing yet. */
final class LoggingChannel implements NotificationChannel {

    private static final Logger log = LoggerFactory.getLogger(LoggingChannel.class);

    @Override
    public Mono<Void> send(String shopper, NotificationView notification) {
        return Mono.fromRunnable(() -> log.info("Notification {} for {}: {} (sale {}) {}", notification.id(), shopper,
                notification.type(), notification.saleId(), notification.message()));
    }
}
