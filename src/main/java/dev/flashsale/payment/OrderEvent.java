package dev.flashsale.payment;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;

/**
 * A marketplace's report on an order for one of our reservations (the id we passed as the
 * {@code fs_reservation} tracking parameter at checkout).
 */
record OrderEvent(
        @NotBlank @Size(max = 128) String eventId,
        @NotBlank @Size(max = 64) String reservationId,
        @NotNull Status status,
        @Size(max = MAX_REFERENCE) String orderId,
        @PositiveOrZero Long amount) {

    /** "COUPANG:" + the reference must fit the ledger's payment_ref (varchar 128). */
    static final int MAX_REFERENCE = 100;

    enum Status { PAID, FAILED }

    /** What the ledger records as the payment: the marketplace's order id, or the event id when it sent none. */
    String reference() {
        return orderId != null ? orderId : eventId;
    }
}
