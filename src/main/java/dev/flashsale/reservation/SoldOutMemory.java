package dev.flashsale.reservation;

import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Which sales this instance last saw with no unit left, and when. While that is fresher than
 * {@code flashsale.reservation.sold-out-memory}, a reserve is answered sold-out without asking Redis,
 * so the 19,000 shoppers who arrive after the last unit cost no Redis call each. Freshness is the
 * whole mechanism: no message has to arrive for a returned unit to be offered again, so a lost
 * pub/sub message or a restarted Redis cannot keep a sale "sold out" here longer than that bound.
 */
@Component
class SoldOutMemory {

    private final ConcurrentHashMap<Long, Long> seenAt = new ConcurrentHashMap<>();
    private final long freshNanos;

    SoldOutMemory(ReservationProperties props) {
        this.freshNanos = props.soldOutMemory().toNanos();
    }

    /** Redis answered that the sale had no unit left. */
    void remember(long saleId) {
        if (freshNanos > 0) {
            seenAt.put(saleId, System.nanoTime());
        }
    }

    /** Redis granted a unit of the sale: it is not sold out. */
    void forget(long saleId) {
        seenAt.remove(saleId);
    }

    boolean remembers(long saleId) {
        Long at = seenAt.get(saleId);
        if (at == null) {
            return false;
        }
        if (System.nanoTime() - at < freshNanos) {
            return true;
        }
        seenAt.remove(saleId, at);
        return false;
    }
}
