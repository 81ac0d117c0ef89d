package dev.flashsale.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.infra.problem.ApiException;
import reactor.core.publisher.Mono;

/**
 * What a shopper can do with holds. The reserve path reads the sale from the in-memory catalog and
 * makes exactly one Redis call (a second only on an idempotent replay or a sale's very first hold).
 */
@Service
class Reservations {

    /** No ':' in keys: they are stored as "{shopper}:{key}", which must stay unambiguous. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

    private final StockEngine engine;
    private final SaleStock saleStock;
    private final SaleQueries sales;
    private final CatalogCache catalog;
    private final ReservationProperties props;
    private final ReservationMetrics metrics;
    private final SoldOutMemory soldOutMemory;
    private final Clock clock;
    private final HoldHistory history;

    Reservations(StockEngine engine, SaleStock saleStock, SaleQueries sales, CatalogCache catalog, ReservationProperties props,
            ReservationMetrics metrics, SoldOutMemory soldOutMemory, Clock clock, HoldHistory history) {
        this.engine = engine;
        this.history = history;
        this.soldOutMemory = soldOutMemory;
        this.saleStock = saleStock;
        this.sales = sales;
        this.catalog = catalog;
        this.props = props;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * {@code beforeRedis} runs only when the reserve goes to Redis (the rate limit): a sold-out answered
     * from memory takes nothing and costs less than the check would.
     */
    Mono<ReservationView> reserve(long saleId, String shopper, int quantity, String idempotencyKey, Mono<Void> beforeRedis) {
        if (quantity > props.maxQuantity()) {
            return Mono.error(ApiException.invalidField("quantity", "must be at most " + props.maxQuantity()));
        }
        if (idempotencyKey != null && !IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            return Mono.error(ApiException.invalidField("Idempotency-Key", "1-100 characters of A-Z a-z 0-9 _ . -"));
        }
        return sales.sale(saleId).flatMap(sale -> answeredFromMemory(sale, idempotencyKey)
                        ? Mono.<ReservationView>error(soldOut(0))
                        : beforeRedis.then(attempt(sale, shopper, quantity, idempotencyKey, true)))
                .transform(metrics::timeReserve);
    }

    /**
     * Sold-out without Redis, when this instance saw the open sale at 0 units moments ago. Not for a
     * request with an Idempotency-Key: it may be the retry of one that got a hold, and only Redis knows.
     */
    private boolean answeredFromMemory(Sale sale, String idempotencyKey) {
        Instant now = clock.instant();
        if (idempotencyKey != null || now.isBefore(sale.startsAt()) || !now.isBefore(sale.endsAt())
                || !soldOutMemory.remembers(sale.id())) {
            return false;
        }
        metrics.soldOutFromMemory();
        return true;
    }

    private Mono<ReservationView> attempt(Sale sale, String shopper, int quantity, String key, boolean mayInitialise) {
        return engine.reserve(sale.id(), HoldId.next(sale.id()), shopper, quantity, key,
                        props.holdDuration().toMillis(), "")
                .flatMap(reply -> {
                    metrics.reserveOutcome(reply.code());
                    return switch (reply.code()) {
                        case OK -> {
                            soldOutMemory.forget(sale.id());
                            yield Mono.just(new ReservationView(reply.holdId(), sale.id(), quantity,
                                ReservationStatus.HELD, reply.createdAt(), reply.expiresAt()));
                        }
                        case EXISTED -> hold(sale.id(), reply.holdId()).map(Hold::view);
                        case NOT_INITIALISED, SALE_PARTIAL -> mayInitialise
                                ? saleStock.ensureLive(sale).then(attempt(sale, shopper, quantity, key, false))
                                : Mono.error(new IllegalStateException("Stock of sale " + sale.id() + " missing after init"));
                        case SOLD_OUT -> {
                            // not while units are on offer: their shoppers must reach Redis to claim them
                            if (reply.detail() == 0 && reply.offered() == 0) {
                                soldOutMemory.remember(sale.id());
                            }
                            yield Mono.error(soldOut(reply.detail()));
                        }
                        case HOLDS_EXCEEDED -> Mono.error(new ApiException(reply.code().problem(), "You made "
                                + reply.detail() + " reservations in this sale, the most one shopper may make."));
                        case LIMIT_EXCEEDED -> Mono.error(new ApiException(reply.code().problem(),
                                "At most " + sale.perUserLimit() + " units per shopper; you already hold or bought "
                                        + reply.detail() + ".", Map.of("perUserLimit", sale.perUserLimit(), "yours", reply.detail())));
                        case SALE_NOT_ACTIVE -> Mono.error(new ApiException(reply.code().problem(),
                                "This sale runs from " + sale.startsAt() + " to " + sale.endsAt() + "."));
                        default -> Mono.error(new IllegalStateException("Unexpected reserve reply " + reply.code()));
                    };
                });
    }

    Mono<ReservationView> get(String shopper, String id) {
        return ownedHold(shopper, id).map(Hold::view);
    }

    Mono<Void> release(String shopper, String id) {
        long saleId = saleOf(id);
        return engine.release(saleId, id, shopper, shopper, "CANCELLED", "").flatMap(reply -> switch (reply.code()) {
            case OK -> Mono.<Void>empty();
            case HOLD_CLOSED -> Mono.error(closed(id, reply.state()));
            case SALE_PARTIAL -> Mono.error(Holds.partial(saleId));
            // purged from Redis once the ledger had it closed: still the shopper's, still closed
            default -> ownedHold(shopper, id).flatMap(hold -> Mono.error(hold.status() == ReservationStatus.HELD
                    ? notFound(id) : closed(id, hold.status().name())));
        });
    }

    /** The shopper's HELD reservations across sales that may still have live holds. */
    Mono<List<ReservationView>> cart(String shopper) {
        Instant horizon = clock.instant().minus(props.holdDuration());
        return catalog.salesEndingAfter(horizon)
                .flatMap(sale -> engine.shopperHoldIds(sale.id(), shopper).flatMap(id -> engine.hold(sale.id(), id)))
                .filter(hold -> hold.status() == ReservationStatus.HELD && hold.shopper().equals(shopper))
                .map(Hold::view)
                .sort(Comparator.comparing(ReservationView::createdAt))
                .collectList();
    }

    Mono<Hold> ownedHold(String shopper, String id) {
        return hold(saleOf(id), id)
                .filter(hold -> hold.shopper().equals(shopper))
                .switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** The hold from Redis, or from the ledger once Redis has purged it (closed and committed). */
    private Mono<Hold> hold(long saleId, String id) {
        return engine.hold(saleId, id).switchIfEmpty(Mono.defer(() -> history.find(saleId, id)));
    }

    static long saleOf(String id) {
        return HoldId.saleOf(id).orElseThrow(() -> notFound(id));
    }

    static ApiException notFound(String id) {
        return new ApiException(ScriptCode.NO_SUCH_HOLD.problem(), "No reservation " + id + " of yours.");
    }

    private static ApiException soldOut(long available) {
        return new ApiException(ScriptCode.SOLD_OUT.problem(),
                "All units of this sale are taken. Units return if holds are released or expire.",
                Map.of("available", available));
    }

    static ApiException closed(String id, String state) {
        return new ApiException(ScriptCode.HOLD_CLOSED.problem(), "Reservation " + id + " is " + state + ".",
                Map.of("status", state));
    }

}
