package dev.flashsale.notification;

import java.time.Instant;

import dev.flashsale.waitingroom.Ticket;

/**
 * One notification as the shopper sees it (list item, SSE {@code data}). {@code id} is null for a
 * live-only notice ({@link WaitlistPositions}, {@link QueuePushes}); {@code holdId}, {@code deadline}
 * and {@code queue} (the waiting-room ticket a queue notice is about) are left out when they do not apply.
 */
public record NotificationView(Long id, NotificationType type, long saleId, String holdId, String title, String message,
        Instant deadline, Instant createdAt, Ticket queue) {

    public NotificationView(Long id, NotificationType type, long saleId, String holdId, String title, String message,
            Instant deadline, Instant createdAt) {
        this(id, type, saleId, holdId, title, message, deadline, createdAt, null);
    }
}
