package dev.flashsale.reservation;

import java.time.Instant;

/** The contract's reservation view. */
public record ReservationView(String id, long saleId, int quantity, ReservationStatus status, Instant createdAt,
        Instant expiresAt) {
}
