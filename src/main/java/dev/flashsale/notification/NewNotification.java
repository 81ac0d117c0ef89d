package dev.flashsale.notification;

import java.time.Instant;

/** A notification about to be stored; {@code source} names its cause, stored once (see the migration). */
record NewNotification(String source, String shopper, NotificationType type, long saleId, String holdId, String title,
        String message, Instant deadline, Instant createdAt) {

    /** A stream entry of a sale: redelivered, it names the same notification. */
    static String eventSource(long saleId, String entryId) {
        return saleId + ":" + entryId;
    }

    /** The reminder of one hold: there is at most one. */
    static String reminderSource(long saleId, String holdId) {
        return saleId + ":remind:" + holdId;
    }
}
