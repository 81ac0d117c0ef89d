package dev.flashsale.waitingroom;

import java.util.Collection;
import java.util.List;

import reactor.core.publisher.Flux;

/** A QueueWatch that answers the tickets it was last given, for tests of what is pushed from them. */
public final class FixedQueueWatch extends QueueWatch {

    private volatile List<Watched> tickets = List.of();

    public FixedQueueWatch() {
        super(null, null, null, null, null);
    }

    /** What every watch answers from now on (only the tickets of the shoppers asked for). */
    public void answer(Watched... tickets) {
        this.tickets = List.of(tickets);
    }

    @Override
    public Flux<Watched> watch(Collection<String> shoppers) {
        return Flux.fromIterable(tickets).filter(w -> shoppers.contains(w.shopper()));
    }
}
