package dev.flashsale.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.catalog.SaleStatus;
import dev.flashsale.catalog.StockLevel;
import dev.flashsale.reservation.Holds;
import dev.flashsale.reservation.LiveCounts;
import dev.flashsale.reservation.Waitlists;
import dev.flashsale.waitingroom.QueueLength;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The live numbers of one sale, once a second, for the console. Each stream keeps its own short
 * memory (stock over the last 10 s for the sell-out projection, restore delays over the last minute
 * for the p99); everything else is read fresh from Redis on each tick.
 */
@Component
class LiveMonitor {

    private static final int PROJECTION_TICKS = 10;
    private static final Duration DELAY_WINDOW = Duration.ofMinutes(1);

    private final SaleQueries sales;
    private final Holds holds;
    private final LiveRates rates;
    private final SellOutClock sellOut;
    private final Waitlists waitlists;
    private final QueueLength queue;
    private final Clock clock;

    LiveMonitor(SaleQueries sales, Holds holds, LiveRates rates, SellOutClock sellOut, Waitlists waitlists,
            QueueLength queue, Clock clock) {
        this.queue = queue;
        this.sales = sales;
        this.waitlists = waitlists;
        this.holds = holds;
        this.rates = rates;
        this.sellOut = sellOut;
        this.clock = clock;
    }

    /** Ticks until cancelled; a tick that fails (Redis away) is skipped, the next one tries again. */
    Flux<LiveView> watch(long saleId) {
        return Flux.defer(() -> {
            Memory memory = new Memory();
            return Flux.interval(Duration.ZERO, LiveRates.EVERY)
                    .onBackpressureDrop()
                    .concatMap(tick -> tick(saleId, memory).onErrorResume(e -> Mono.empty()), 1);
        });
    }

    private Mono<LiveView> tick(long saleId, Memory memory) {
        Instant now = clock.instant();
        return sales.sale(saleId).flatMap(sale -> Mono.zip(
                        holds.stock(saleId).defaultIfEmpty(StockLevel.untouched(sale)), rates.of(saleId),
                        waitlists.waiting(saleId), queue.of(saleId))
                .flatMap(t -> sellOut.observe(saleId, t.getT1(), now).map(Optional::of).defaultIfEmpty(Optional.empty())
                        .map(soldOutAt -> view(sale, t.getT1(), t.getT3(), t.getT4(), t.getT2(), soldOutAt.orElse(null),
                                now, memory))));
    }

    private static LiveView view(Sale sale, StockLevel level, long waiting, QueueLength.Numbers room, LiveRates.Rates rates,
            Instant soldOutAt, Instant now, Memory memory) {
        Long tookSeconds = soldOutAt == null ? null : Math.max(0, Duration.between(sale.startsAt(), soldOutAt).toSeconds());
        return new LiveView(sale.id(), now, SaleStatus.of(sale, level.available(), now), level.available(),
                level.offered(), level.held(), level.sold(), level.total(), waiting, room.queued(), room.admittedPerSecond(),
                room.abandoned(), room.waitEstimatesWithin(), rates.perSecond(), soldOutAt, tookSeconds,
                memory.sellOutIn(level.available()), memory.p99(rates.delays(), now));
    }

    /** What one stream remembers between ticks. */
    private static final class Memory {
        private final Deque<Long> available = new ArrayDeque<>();
        /** Restore-delay buckets of the entries seen, by entry, with when this stream first saw each, oldest first. */
        private final LinkedHashMap<String, Seen> delays = new LinkedHashMap<>();

        private record Seen(Instant at, long[] buckets) {
        }

        /** Seconds until nothing is available at the pace of the last ticks; null while stock is not falling. */
        Long sellOutIn(long now) {
            available.addLast(now);
            if (available.size() > PROJECTION_TICKS + 1) {
                available.removeFirst();
            }
            long fell = available.getFirst() - now;
            if (now == 0 || fell <= 0) {
                return null;
            }
            double perSecond = (double) fell / (available.size() - 1);
            return (long) Math.ceil(now / perSecond);
        }

        /** Over the entries this stream saw in the last minute. */
        Long p99(Map<String, long[]> entries, Instant now) {
            entries.forEach((key, buckets) -> delays.putIfAbsent(key, new Seen(now, buckets)));
            delays.values().removeIf(seen -> seen.at().isBefore(now.minus(DELAY_WINDOW)));
            long[] window = new long[LiveCounts.DELAY_BOUNDS.length + 1];
            delays.values().forEach(seen -> {
                for (int i = 0; i < window.length && i < seen.buckets().length; i++) {
                    window[i] += seen.buckets()[i];
                }
            });
            long total = Arrays.stream(window).sum();
            if (total == 0) {
                return null;
            }
            long rank = (long) Math.ceil(total * 0.99);
            long seen = 0;
            for (int i = 0; i < window.length; i++) {
                seen += window[i];
                if (seen >= rank) {
                    return LiveCounts.DELAY_BOUNDS[Math.min(i, LiveCounts.DELAY_BOUNDS.length - 1)];
                }
            }
            return null;
        }
    }
}
