package dev.flashsale.notification;

import java.time.Instant;

import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * What other features may do with notifications: push a live-only notice to a shopper's open
 * streams (e.g. a waitlist position change). It is not stored, not in the list, carries no SSE
 * {@code id} (so the browser's Last-Event-ID stays on the last stored one) and does not go to the
 * outbound channel; a shopper without an open stream simply does not get it.
 */
@Service
public class ShopperNotifications {

    private final LiveStreams live;

    ShopperNotifications(LiveStreams live) {
        this.live = live;
    }

    public Mono<Void> pushLive(String shopper, NotificationType type, long saleId, String title, String message,
            Instant deadline, Instant at) {
        return live.publish(shopper, new NotificationView(null, type, saleId, null, title, message, deadline, at));
    }
}
