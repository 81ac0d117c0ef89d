package dev.flashsale.reservation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanStream;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Idempotency records and per-shopper counts (units, holds made) live in per-sale structures without TTLs (TTLs on
 * them would slow Redis's expiry of hold shadow keys). Once a sale has ended and every hold it
 * made is over ({@code cleanup-after} past the end), they are deleted here, with the waitlist and its
 * join counter. Counters, hold records and the event stream stay: they are what the ledger and
 * reconciliation read. Offers are not deleted here: each ends by the sale's end at the latest (its
 * deadline is capped there) and the sweeper, which follows a sale for a day after its end, ends it
 * and returns its unit; the offers hash is gone once its last offer has ended.
 */
@Component
class EndedSaleCleanup extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(EndedSaleCleanup.class);
    private static final Duration EVERY = Duration.ofMinutes(1);

    private final EngineCommands redis;
    private final CatalogCache catalog;
    private final ReservationProperties props;
    private final Clock clock;

    EndedSaleCleanup(EngineCommands redis, CatalogCache catalog, ReservationProperties props, Clock clock) {
        this.redis = redis;
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
    }

    /** Cleans every sale that is due; returns how many were cleaned now. */
    Mono<Long> cleanDueSales() {
        Instant cutoff = clock.instant().minus(props.cleanupAfter().plus(props.holdDuration()));
        return catalog.snapshot()
                .flatMapMany(s -> Flux.fromIterable(s.salesInOrder()))
                .filter(sale -> sale.endsAt().isBefore(cutoff))
                .concatMap(this::clean)
                .filter(Boolean::booleanValue)
                .count();
    }

    private Mono<Boolean> clean(Sale sale) {
        SaleKeys keys = new SaleKeys(sale.id());
        var commands = redis.commands();
        // the marker is set only after the deletes succeeded (a failed pass is retried; deletes are
        // idempotent, so two instances cleaning at once is harmless)
        String marker = keys.prefix() + "cleaned";
        return commands.exists(marker)
                .filter(n -> n == 0)
                .flatMap(absent -> ScanStream.scan(commands, ScanArgs.Builder.matches(keys.prefix() + "u:*").limit(500))
                        .buffer(500)
                        .concatMap(batch -> commands.del(batch.toArray(String[]::new)))
                        .then(commands.del(keys.idempotency(), keys.users(), keys.made(), keys.waitlist(), keys.waitSeq()))
                        .then(commands.set(marker, "1"))
                        .doOnSuccess(n -> log.info("Cleaned per-shopper data of ended sale {}", sale.id()))
                        .thenReturn(true))
                .defaultIfEmpty(false);
    }

    @Override
    protected Disposable begin() {
        return every(EVERY, this::cleanDueSales, log, "Ended-sale cleanup");
    }
}
