package dev.flashsale.reservation;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Service;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;
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

    /** Paid: HELD becomes CONFIRMED (a retry is answered CONFIRMED again); a closed hold takes no unit. */
    public Mono<Payment> confirm(Hold hold, String paymentRef) {
        return engine.confirm(hold.saleId(), hold.id(), hold.shopper(), paymentRef, "").map(reply -> switch (reply.code()) {
            case OK, ALREADY_DONE -> new Payment(PaymentResult.CONFIRMED, reply.eventId(), null);
            case HOLD_CLOSED -> new Payment(PaymentResult.HOLD_CLOSED, null, reply.state());
            default -> throw new IllegalStateException("Unexpected confirm reply " + reply.code());
        });
    }

    /** Payment failed: a HELD hold is released; returns the hold's state afterwards. */
    public Mono<ReservationStatus> releaseUnpaid(Hold hold) {
        return engine.release(hold.saleId(), hold.id(), hold.shopper(), "", "PAYMENT_FAILED", "")
                .mapNotNull(reply -> switch (reply.code()) {
                    case OK -> ReservationStatus.RELEASED;
                    case HOLD_CLOSED -> ReservationStatus.valueOf(reply.state());
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

    /** Recreates live state from the ledger; false if Redis already had state for the sale. */
    /** {@code now} must be the instant the caller used to split live from lapsed holds. */
    public Mono<Boolean> rebuild(Sale sale, long sold, Map<String, Long> confirmedUnits, List<Hold> holds,
            java.time.Instant now) {
        return engine.rebuild(sale, sold, confirmedUnits, holds, now.toEpochMilli()).map(reply -> {
            ScriptCode code = ScriptCode.of(reply.get(0));
            if (code == ScriptCode.LEDGER_INCONSISTENT) {
                throw new IllegalStateException("Ledger of sale " + sale.id() + " holds more units than the sale has: available "
                        + reply.get(1));
            }
            return code == ScriptCode.OK;
        });
    }
}
