package dev.flashsale.reservation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;
import dev.flashsale.infra.problem.ApiException;
import reactor.core.publisher.Mono;

/**
 * What other features (payments, ledger, reconciliation) may do with holds. Everything goes
 * through the same atomic scripts as the shopper's own calls.
 */
@Service
public class Holds {

    /** How a payment report ended for a hold. */
    public enum PaymentResult { CONFIRMED, HOLD_CLOSED }

    /** {@code eventId} names the CONFIRMED stream entry; {@code holdState} the state of a closed hold. */
    public record Payment(PaymentResult result, String eventId, String holdState) {
    }

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Holds.class);

    private final StockEngine engine;

    Holds(StockEngine engine) {
        this.engine = engine;
    }

    public static Optional<Long> saleOf(String holdId) {
        return HoldId.saleOf(holdId);
    }

    /** The hold, or empty for an unknown or malformed id. */
    public Mono<Hold> find(String holdId) {
        return HoldId.saleOf(holdId).map(saleId -> engine.hold(saleId, holdId)).orElse(Mono.empty());
    }

    /**
     * Paid: HELD becomes CONFIRMED (a retry is answered CONFIRMED again); a closed hold takes no unit.
     * A confirmation is answered only after {@code WAIT}/{@code WAITAOF} (where the Redis in use has
     * a replica or supports WAITAOF, see {@link StockEngine#awaitDurable}): the caller writes the
     * ledger next, and the ledger's CONFIRMED wins over whatever Redis comes back with
     * ({@link #repairConfirmed}).
     */
    public Mono<Payment> confirm(Hold hold, String paymentRef) {
        return engine.confirm(hold.saleId(), hold.id(), hold.shopper(), paymentRef, "")
                .flatMap(reply -> reply.code() != ScriptCode.OK && reply.code() != ScriptCode.ALREADY_DONE ? Mono.just(reply)
                        : engine.awaitDurable(hold.saleId())
                                .doOnNext(acks -> {
                                    if (acks[0] < acks[2] || acks[1] < acks[3]) {
                                        log.warn("Confirm of {} not acknowledged by WAIT/WAITAOF within {} ms (fsyncs {},"
                                                + " replicas {}); the ledger write follows", hold.id(),
                                                StockEngine.DURABLE_WAIT_MILLIS, acks[0], acks[1]);
                                    }
                                })
                                .onErrorResume(e -> {
                                    log.warn("WAIT/WAITAOF after the confirm of {} failed: {}", hold.id(), e.toString());
                                    return Mono.empty();
                                })
                                .thenReturn(reply))
                .map(reply -> switch (reply.code()) {
            case OK, ALREADY_DONE -> new Payment(PaymentResult.CONFIRMED, reply.eventId(), null);
            case HOLD_CLOSED -> new Payment(PaymentResult.HOLD_CLOSED, null, reply.state());
            case SALE_PARTIAL -> throw partial(hold.saleId());
            // closed and purged since it was read: a retry finds it in the ledger
            case NO_SUCH_HOLD -> throw ApiException.retryLater(ScriptCode.SALE_PARTIAL.problem(), "Reservation "
                    + hold.id() + " changed while this payment was handled; retry.", java.time.Duration.ofSeconds(1));
            default -> throw new IllegalStateException("Unexpected confirm reply " + reply.code());
        });
    }

    /** How a repair of a paid hold ended. */
    public enum Repair {
        /** Redis had the hold HELD, EXPIRED or RELEASED: it is CONFIRMED now and its units sold. */
        REPAIRED,
        /** Redis has it CONFIRMED already (or it was purged as such): nothing to do. */
        ALREADY_CONFIRMED,
        /** Redis has no such hold, or the sale is partial (the rebuild lets the ledger win): nothing changed. */
        NOT_IN_REDIS,
        /** Its units were granted to someone else meanwhile: nothing changed; an oversell to report. */
        OVERSOLD
    }

    /**
     * The ledger has this hold CONFIRMED (a payment acknowledged to the marketplace): Redis is made to
     * agree, whatever it came back with after losing writes (HELD, or already EXPIRED/RELEASED and its
     * units back in stock). Idempotent; see {@code lua/repair_confirmed.lua}.
     */
    public Mono<Repair> repairConfirmed(long saleId, String holdId, String shopper, String paymentRef) {
        return engine.repairConfirmed(saleId, holdId, shopper, paymentRef, "").map(reply -> switch (reply.code()) {
            case OK -> {
                log.warn("Repaired paid hold {} of sale {}: Redis had it {}, the ledger CONFIRMED; its units are sold",
                        holdId, saleId, reply.before());
                yield Repair.REPAIRED;
            }
            case ALREADY_DONE -> Repair.ALREADY_CONFIRMED;
            case OVERSOLD -> {
                log.error("OVERSOLD: paid hold {} of sale {} is CONFIRMED in the ledger but Redis expired it and granted"
                        + " its units again ({} available); left for a later repair, reported as drift", holdId, saleId,
                        reply.available());
                yield Repair.OVERSOLD;
            }
            default -> Repair.NOT_IN_REDIS;
        });
    }

    /** Payment failed: a HELD hold is released; returns the hold's state afterwards. */
    public Mono<ReservationStatus> releaseUnpaid(Hold hold) {
        return engine.release(hold.saleId(), hold.id(), hold.shopper(), "", "PAYMENT_FAILED", "")
                .mapNotNull(reply -> switch (reply.code()) {
                    case OK -> ReservationStatus.RELEASED;
                    case HOLD_CLOSED -> ReservationStatus.valueOf(reply.state());
                    case SALE_PARTIAL -> throw partial(hold.saleId());
                    default -> null; // the hold vanished meanwhile: empty, like an unknown hold
                });
    }

    /** Live counters of a sale, empty when Redis has none. */
    public Mono<StockLevel> stock(long saleId) {
        return engine.stock(List.of(saleId)).mapNotNull(levels -> levels.get(saleId));
    }

    /** Ids of the sale's HELD holds, from its deadline set. */
    public Mono<List<String>> heldIds(long saleId) {
        return engine.heldIds(saleId);
    }

    /** What a rebuild did: {@code lapsed} are ledger HELD holds past their deadline, left out of Redis. */
    public record Rebuild(boolean rebuilt, List<String> lapsed) {
    }

    /** Ids of the holds Redis still has for a sale (hold hashes and deadline entries); for rebuilds. */
    public Mono<java.util.Set<String>> survivingIds(long saleId) {
        return engine.survivingHoldIds(saleId);
    }

    /**
     * Recreates live state when the sale's stock hash is gone or incomplete, reconciling the holds
     * Redis still has ({@code redisIds}) with the ledger's rows ({@code ledger}, their ledger status);
     * nothing happens if the stock hash is whole. {@code now} must be the instant the caller read at.
     */
    public Mono<Rebuild> rebuild(Sale sale, List<Hold> ledger, java.util.Set<String> redisIds, java.time.Instant now) {
        return engine.rebuild(sale, ledger, redisIds, now.toEpochMilli()).map(reply -> switch (reply.code()) {
            case OK -> new Rebuild(true, reply.lapsed());
            case LEDGER_INCONSISTENT -> throw new IllegalStateException("Holds of sale " + sale.id()
                    + " take more units than the sale has: available " + reply.available());
            default -> new Rebuild(false, List.of());
        });
    }

    /**
     * Deletes from Redis the closed holds the ledger has committed (each only if Redis has it in the
     * same state); reads of them then fall back to the ledger. Nothing is deleted from a partial sale.
     */
    public Mono<Long> purgeClosed(long saleId, List<Hold> committed) {
        return engine.purge(saleId, committed.stream().filter(h -> h.status() != ReservationStatus.HELD)
                .map(h -> new StockEngine.ClosedHold(h.id(), h.shopper(), h.status())).toList())
                .map(n -> Math.max(n, 0));
    }

    /** 503 with Retry-After: the sweeper rebuilds a partial sale within about a second. */
    static ApiException partial(long saleId) {
        return ApiException.retryLater(ScriptCode.SALE_PARTIAL.problem(), "The live state of sale " + saleId
                + " is being rebuilt; retry in a moment.", java.time.Duration.ofSeconds(1));
    }
}
