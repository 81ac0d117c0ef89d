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
        @Size(max = 100) String orderId, // "COUPANG:" + order id must fit payment_ref (128)
        @PositiveOrZero Long amount) {

    enum Status { PAID, FAILED }
}
