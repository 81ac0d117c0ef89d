package dev.flashsale.ledger;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.Table;

/** The durable state of one reservation; moved forward only, under optimistic locking. */
@Table("reservation")
record ReservationRecord(
        @Id String id,
        long saleId,
        String shopper,
        int quantity,
        String status,
        Instant createdAt,
        Instant expiresAt,
        Instant closedAt,
        String closeReason,
        String paymentRef,
        @Version Long version) {

    boolean isHeld() {
        return "HELD".equals(status);
    }

    ReservationRecord closedBy(LedgerEvent event) {
        return new ReservationRecord(id, saleId, shopper, quantity, event.type().name(), createdAt, expiresAt, event.at(),
                event.reason(), event.payment() != null ? event.payment() : paymentRef, version);
    }
}
