package dev.flashsale.reservation;

/**
 * What one consumer group has not yet acknowledged of a sale's event stream: entries delivered but
 * not acknowledged ({@code pending}) plus entries not yet delivered, and the time of the oldest of
 * them. {@code groupExists} false: nobody has read the stream yet, so nothing in it may be trimmed.
 */
public record StreamBacklog(long pending, long undelivered, Long oldestUnacknowledgedMillis, boolean groupExists) {

    public boolean drained() {
        return pending == 0 && undelivered == 0;
    }
}
