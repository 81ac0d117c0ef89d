package dev.flashsale.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Service;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.infra.problem.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What other features (the waitlist API, notifications) may do with a sale's waitlist. The line and
 * its offers live in Redis beside the stock, changed only by the engine's scripts; an offer is claimed
 * by the shopper's ordinary reserve, so there is no "claim" call here.
 */
@Service
public class Waitlists {

    public enum Status { WAITING, OFFERED }

    /**
     * A shopper's place: {@code position} is 1-based among WAITING shoppers (0 when OFFERED);
     * {@code offerExpiresAt} is the claim deadline of an OFFERED entry (null when WAITING).
     */
    public record Entry(long saleId, Status status, long position, Instant offerExpiresAt) {
    }

    /** {@code created} is false when the shopper was on the list already (the entry is unchanged). */
    public record Joined(Entry entry, boolean created) {
    }

    private final WaitlistEngine engine;
    private final SaleStock saleStock;
    private final SaleQueries sales;
    private final CatalogCache catalog;
    private final Clock clock;

    Waitlists(WaitlistEngine engine, SaleStock saleStock, SaleQueries sales, CatalogCache catalog, Clock clock) {
        this.engine = engine;
        this.saleStock = saleStock;
        this.sales = sales;
        this.catalog = catalog;
        this.clock = clock;
    }

    /** Joins a sold-out open sale's line, or answers the shopper's entry if already on it. */
    public Mono<Joined> join(long saleId, String shopper) {
        return sales.sale(saleId).flatMap(sale -> join(sale, shopper, true));
    }

    private Mono<Joined> join(Sale sale, String shopper, boolean mayInitialise) {
        return engine.join(sale.id(), shopper, "").flatMap(reply -> switch (reply.code()) {
            case OK, EXISTED -> Mono.just(new Joined(entry(sale.id(), reply), reply.code() == ScriptCode.OK));
            case NOT_INITIALISED, SALE_PARTIAL -> mayInitialise
                    ? saleStock.ensureLive(sale).then(join(sale, shopper, false))
                    : Mono.error(new IllegalStateException("Stock of sale " + sale.id() + " missing after init"));
            case NOT_SOLD_OUT -> Mono.error(new ApiException(reply.code().problem(), reply.detail()
                    + " units are available: reserve one instead of waiting.", Map.of("available", reply.detail())));
            case LIMIT_EXCEEDED -> Mono.error(new ApiException(reply.code().problem(), "At most " + sale.perUserLimit()
                    + " units per shopper; you already hold or bought " + reply.detail() + ".",
                    Map.of("perUserLimit", sale.perUserLimit(), "yours", reply.detail())));
            case SALE_NOT_ACTIVE -> Mono.error(new ApiException(reply.code().problem(),
                    "This sale runs from " + sale.startsAt() + " to " + sale.endsAt() + "."));
            default -> Mono.error(new IllegalStateException("Unexpected join reply " + reply.code()));
        });
    }

    /** The shopper's entry, or empty when not on the list; {@code sale-not-found} for an unknown sale. */
    public Mono<Entry> entry(long saleId, String shopper) {
        return sales.sale(saleId).flatMap(sale -> engine.entry(saleId, shopper))
                .filter(reply -> reply.code() == ScriptCode.OK)
                .map(reply -> entry(saleId, reply));
    }

    /** Leaves the line; an offer is given up and its unit moves on. Answers the entry as it was. */
    public Mono<Entry> leave(long saleId, String shopper) {
        return sales.sale(saleId).flatMap(sale -> engine.leave(saleId, shopper, "")).flatMap(reply -> switch (reply.code()) {
            case OK -> Mono.just(entry(saleId, reply));
            case SALE_PARTIAL -> Mono.error(Holds.partial(saleId));
            default -> Mono.error(notOnList(saleId));
        });
    }

    /** The shopper's entries in every sale that has not ended (for notifications and the sale page). */
    public Flux<Entry> entries(String shopper) {
        return catalog.salesEndingAfter(clock.instant())
                .concatMap(sale -> engine.entry(sale.id(), shopper)
                        .filter(reply -> reply.code() == ScriptCode.OK)
                        .map(reply -> entry(sale.id(), reply)));
    }

    public static ApiException notOnList(long saleId) {
        return new ApiException(ScriptCode.NOT_ON_WAITLIST.problem(), "You are not on the waitlist of sale " + saleId + ".");
    }

    private static Entry entry(long saleId, WaitlistEngine.EntryReply reply) {
        Status status = Status.valueOf(reply.status());
        return new Entry(saleId, status, reply.position(),
                status == Status.OFFERED ? Instant.ofEpochMilli(reply.deadlineMillis()) : null);
    }
}
