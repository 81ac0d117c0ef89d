package dev.flashsale.waitingroom;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * What the notification feature asks the waiting room for its live pushes: the tickets, in every
 * open room, of the shoppers whose stream is open on this instance. One script call per room and
 * {@link #BATCH} shoppers, and the call is the heartbeat that keeps those queued in place, as a
 * poll is. Without an enabled room nothing is asked of Redis.
 */
@Component
public class QueueWatch {

    /** A shopper's ticket in one sale's room. */
    public record Watched(long saleId, String shopper, Ticket ticket) {
    }

    static final int BATCH = 500;

    private final WaitingRooms rooms;
    private final WaitingRoom room;
    private final Queue queue;
    private final CatalogCache catalog;
    private final Clock clock;

    QueueWatch(WaitingRooms rooms, WaitingRoom room, Queue queue, CatalogCache catalog, Clock clock) {
        this.rooms = rooms;
        this.room = room;
        this.queue = queue;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** The tickets of those of {@code shoppers} who joined a room open now (other shoppers are skipped). */
    public Flux<Watched> watch(Collection<String> shoppers) {
        if (shoppers.isEmpty()) {
            return Flux.empty();
        }
        Instant now = clock.instant();
        List<List<String>> batches = batches(shoppers);
        return catalog.snapshot().flatMapMany(snapshot -> Flux.fromIterable(rooms.all())
                .filter(RoomSettings::enabled)
                .flatMap(settings -> Mono.justOrEmpty(snapshot.sale(settings.saleId()))
                        .filter(sale -> !now.isBefore(Queue.opensAt(sale, settings)) && now.isBefore(sale.endsAt()))
                        .flatMapMany(sale -> Flux.fromIterable(batches)
                                .concatMap(batch -> queue.watch(sale, settings, batch, ""))
                                // off Lettuce's I/O thread: thousands of tickets (and the pushes made of them)
                                // would hold every other Redis reply back meanwhile, the admission tick's too
                                .publishOn(Schedulers.parallel())
                                .flatMapIterable(tickets -> tickets.entrySet().stream()
                                        .map(e -> watched(sale, e.getKey(), e.getValue())).toList()))));
    }

    private Watched watched(Sale sale, String shopper, Queue.QueueReply reply) {
        return new Watched(sale.id(), shopper, room.answer(sale, shopper, reply));
    }

    private static List<List<String>> batches(Collection<String> shoppers) {
        List<List<String>> batches = new ArrayList<>();
        List<String> all = List.copyOf(shoppers);
        for (int i = 0; i < all.size(); i += BATCH) {
            batches.add(all.subList(i, Math.min(all.size(), i + BATCH)));
        }
        return batches;
    }
}
