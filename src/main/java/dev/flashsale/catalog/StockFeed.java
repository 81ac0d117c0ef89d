package dev.flashsale.catalog;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The live stock feed behind {@code GET /api/sales/stream}. One poll of Redis per interval serves
 * every connected page (the poll is shared and stops when nobody listens); each subscriber first
 * gets every live sale, then only sales whose counters or status changed.
 */
@Component
class StockFeed {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final Flux<List<StockView>> polls;

    StockFeed(SaleQueries queries, @Value("${flashsale.catalog.stream-interval:500ms}") Duration interval) {
        this.polls = Flux.interval(Duration.ZERO, interval)
                .onBackpressureDrop()
                .concatMap(tick -> queries.liveStock().onErrorResume(e -> Mono.empty()), 1)
                .replay(1)
                .refCount();
    }

    Flux<ServerSentEvent<StockView>> events() {
        Flux<ServerSentEvent<StockView>> changes = polls.transformDeferred(views -> {
            Map<Long, StockView> lastSent = new HashMap<>();
            return views.flatMapIterable(list -> list.stream()
                    .filter(view -> !view.equals(lastSent.put(view.saleId(), view)))
                    .toList());
        }).map(view -> ServerSentEvent.builder(view).event("stock").id(String.valueOf(view.saleId())).build());
        Flux<ServerSentEvent<StockView>> keepAlive = Flux.interval(KEEP_ALIVE)
                .map(i -> ServerSentEvent.<StockView>builder().comment("keep-alive").build());
        return Flux.merge(changes, keepAlive);
    }
}
