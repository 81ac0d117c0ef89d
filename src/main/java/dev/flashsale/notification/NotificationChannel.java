package dev.flashsale.notification;

import reactor.core.publisher.Mono;

/**
 * Where stored notifications go beyond the shopper's open streams (a shop wires KakaoTalk, SMS or
 * e-mail behind it). {@code send} completes once the other side took the notification and fails
 * otherwise; a failure is retried with backoff ({@link OutboundDelivery}), so a channel may see the
 * same notification more than once and should treat its {@code id} as the idempotency key.
 */
interface NotificationChannel {

    Mono<Void> send(String shopper, NotificationView notification);
}
