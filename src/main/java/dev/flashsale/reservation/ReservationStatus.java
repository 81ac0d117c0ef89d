package dev.flashsale.reservation;

/** HELD ends exactly once: CONFIRMED (paid), RELEASED (cancelled or payment failed) or EXPIRED. */
public enum ReservationStatus {
    HELD, CONFIRMED, RELEASED, EXPIRED
}
