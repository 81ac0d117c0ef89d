package dev.flashsale.waitlist;

import java.time.Instant;

import dev.flashsale.reservation.Waitlists;

/**
 * A shopper's own waitlist entry: {@code position} is 1-based among WAITING shoppers and 0 once
 * OFFERED; {@code offer} only while OFFERED (one unit, claimable by a normal reserve until {@code expiresAt}).
 */
record WaitlistView(long position, Waitlists.Status status, Offer offer) {

    record Offer(int quantity, Instant expiresAt) {
    }

    static WaitlistView of(Waitlists.Entry entry) {
        return new WaitlistView(entry.position(), entry.status(),
                entry.offerExpiresAt() == null ? null : new Offer(1, entry.offerExpiresAt()));
    }
}
