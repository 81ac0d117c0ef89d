package dev.flashsale.reservation;

import java.time.Instant;
import java.util.Map;

/** A hold as stored in its Redis hash. */
public record Hold(String id, long saleId, String shopper, int quantity, ReservationStatus status, Instant createdAt,
        Instant expiresAt) {

    static Hold from(String id, long saleId, Map<String, String> fields) {
        return new Hold(id, saleId, fields.get("user"), Integer.parseInt(fields.get("qty")),
                ReservationStatus.valueOf(fields.get("state")),
                Instant.ofEpochMilli(Long.parseLong(fields.get("created"))),
                Instant.ofEpochMilli(Long.parseLong(fields.get("deadline"))));
    }

    public ReservationView view() {
        return new ReservationView(id, saleId, quantity, status, createdAt, expiresAt);
    }
}
