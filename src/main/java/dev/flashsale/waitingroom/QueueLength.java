package dev.flashsale.waitingroom;

import java.time.Clock;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * What other features may ask the waiting room about a sale's queue (the console's live panel):
 * its numbers now, all zero without an enabled room (and then no Redis call).
 */
@Component
public class QueueLength {

    /**
     * @param queued               shoppers in the queue now
     * @param admittedPerSecond    admissions in the last whole second (from the room's admission log)
     * @param abandoned            shoppers so far who were admitted but did not reserve in time, or left
     *                             without a heartbeat
     * @param waitEstimatesWithin  share (0..1) of admitted shoppers whose actual wait was within ±20 % of
     *                             the estimate first shown to them; null before any was compared
     */
    public record Numbers(long queued, long admittedPerSecond, long abandoned, Double waitEstimatesWithin) {

        static final Numbers NO_ROOM = new Numbers(0, 0, 0, null);
    }

    private final WaitingRooms rooms;
    private final Queue queue;
    private final Clock clock;

    QueueLength(WaitingRooms rooms, Queue queue, Clock clock) {
        this.rooms = rooms;
        this.queue = queue;
        this.clock = clock;
    }

    public Mono<Numbers> of(long saleId) {
        if (rooms.enabled(saleId).isEmpty()) {
            return Mono.just(Numbers.NO_ROOM);
        }
        long second = clock.instant().getEpochSecond();
        return queue.live(saleId, second).map(live -> new Numbers(live.queued(),
                live.admittedPerSecond().getOrDefault(second - 1, 0L), live.abandoned(),
                live.estimates() == 0 ? null : (double) live.estimatesWithin() / live.estimates()));
    }
}
