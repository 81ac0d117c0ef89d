package dev.flashsale.waitingroom;

import java.time.Clock;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** What other features may ask the waiting room: how many shoppers wait in a sale's queue (0 without a room). */
@Component
public class QueueLength {

    private final WaitingRooms rooms;
    private final Queue queue;
    private final Clock clock;

    QueueLength(WaitingRooms rooms, Queue queue, Clock clock) {
        this.rooms = rooms;
        this.queue = queue;
        this.clock = clock;
    }

    public Mono<Long> of(long saleId) {
        return rooms.enabled(saleId).isEmpty() ? Mono.just(0L)
                : queue.live(saleId, clock.instant().getEpochSecond()).map(Queue.Live::queued);
    }
}
