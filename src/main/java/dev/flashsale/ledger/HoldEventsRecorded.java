package dev.flashsale.ledger;

import java.time.Instant;
import java.util.List;

import dev.flashsale.reservation.SaleEventType;

/**
 * Published (a Spring application event) after the ledger has recorded a batch of a sale's events and
 * acknowledged them, for features that react to what shoppers did without slowing the ledger or the
 * reserve path down (the recommender's behaviour log). A redelivered event may be published twice.
 */
public record HoldEventsRecorded(List<Recorded> events) {

    /** One recorded event; {@code reason} is the release's (CANCELLED, PAYMENT_FAILED, ...) or null. */
    public record Recorded(String shopper, long saleId, SaleEventType type, String reason, Instant at) {
    }

    static HoldEventsRecorded of(List<LedgerEvent> events) {
        return new HoldEventsRecorded(events.stream()
                .map(e -> new Recorded(e.shopper(), e.saleId(), e.type(), e.reason(), e.at())).toList());
    }
}
