package dev.flashsale.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.infra.lifecycle.InstanceEntries;
import dev.flashsale.infra.lifecycle.Jobs;
import dev.flashsale.reservation.LiveCounts;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reserve outcomes per second summed over every live instance. Each instance drains its in-memory
 * {@link LiveCounts} once a second to one Redis hash ({@code fs:live:rates}, see {@link InstanceEntries}),
 * as {@code JobBoard} shares job status: readers sum the entries written in the last {@link #FRESH} and
 * skip older ones (an idle or dead instance). An idle instance
 * writes once (its zeros) and then nothing, so a quiet service costs no Redis writes.
 */
@Component
class LiveRates extends BackgroundTask {

    /** One instance's counts over {@code seconds} up to {@code at}. */
    record Entry(String instance, Instant at, double seconds, Map<Long, LiveCounts.Counts> sales) {
    }

    /**
     * A sale's reserves per second by outcome summed over instances, and the restore delays per bucket of
     * each entry (keyed by instance and time written, so a reader that sees an entry twice counts it once).
     */
    record Rates(Map<String, Double> perSecond, Map<String, long[]> delays) {
    }

    static final String KEY = "fs:live:rates";
    static final Duration EVERY = Duration.ofSeconds(1);
    static final Duration FORGET_EVERY = Duration.ofMinutes(10);
    private static final Duration FRESH = EVERY.multipliedBy(3);
    private static final Logger log = LoggerFactory.getLogger(LiveRates.class);

    private final LiveCounts counts;
    private final SellOutClock sellOut;
    private final InstanceEntries<Entry> entries;
    private final Clock clock;
    private final String instance;
    private Instant lastDrain;
    private boolean lastWasEmpty = true;

    LiveRates(LiveCounts counts, SellOutClock sellOut, ReactiveStringRedisTemplate redis, JsonMapper json, Clock clock,
            Jobs jobs) {
        this.counts = counts;
        this.sellOut = sellOut;
        this.entries = new InstanceEntries<>(redis, json, KEY, Entry.class, Entry::instance, Entry::at);
        this.clock = clock;
        this.instance = jobs.instance();
    }

    @Override
    protected Disposable begin() {
        lastDrain = clock.instant();
        return reactor.core.Disposables.composite(every(EVERY, this::publish, log, "Live reserve rates"),
                every(FORGET_EVERY, sellOut::forgetEnded, log, "Sell-out times cleanup"));
    }

    /** Writes what this instance counted since the last pass; returns how many sales had counts. */
    Mono<Integer> publish() {
        Instant now = clock.instant();
        Map<Long, LiveCounts.Counts> drained = counts.drain();
        double seconds = Math.max(Duration.between(lastDrain, now).toMillis(), 1) / 1000.0;
        lastDrain = now;
        if (drained.isEmpty() && lastWasEmpty) {
            return Mono.just(0);
        }
        lastWasEmpty = drained.isEmpty();
        // a sold-out answer is the moment a sale may have sold out: note it even while no console watches
        Flux<Long> soldOut = Flux.fromIterable(drained.entrySet())
                .filter(e -> e.getValue().outcomes().containsKey("sold_out"))
                .map(Map.Entry::getKey);
        return entries.write(new Entry(instance, now, seconds, drained))
                .thenMany(soldOut.concatMap(saleId -> sellOut.check(saleId, now)))
                .then(Mono.just(drained.size()));
    }

    /** The sale's rates over the fresh entries of all instances; long-gone instances' entries deleted on the way. */
    Mono<Rates> of(long saleId) {
        Instant now = clock.instant();
        return entries.since(now.minus(FRESH), now)
                .reduce(new Rates(new HashMap<>(), new HashMap<>()), (sum, entry) -> {
                    LiveCounts.Counts sale = entry.sales().get(saleId);
                    if (sale != null) {
                        sale.outcomes().forEach((outcome, n) -> sum.perSecond().merge(outcome, n / entry.seconds(), Double::sum));
                        sum.delays().put(entry.instance() + "@" + entry.at(), sale.delayBuckets());
                    }
                    return sum;
                });
    }
}
