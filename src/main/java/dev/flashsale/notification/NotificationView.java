package dev.flashsale.notification;

import java.time.Instant;

/**
 * One notification as the shopper sees it (list item, SSE {@code data}). {@code id} is null for a
 * live-only notice ({@link WaitlistPositions}); {@code holdId} and {@code deadline} are
 * left out when they do not apply.
 */
public record NotificationView(Long id, NotificationType type, long saleId, String holdId, String title, String message,
        Instant deadline, Instant createdAt) {
}
