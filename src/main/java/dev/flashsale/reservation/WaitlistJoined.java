package dev.flashsale.reservation;

/** A shopper joined a sale's waitlist (published on the instance that served the join). */
public record WaitlistJoined(long saleId, String shopper) {
}
