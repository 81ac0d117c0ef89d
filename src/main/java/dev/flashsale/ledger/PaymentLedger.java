package dev.flashsale.ledger;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

import dev.flashsale.reservation.SaleEventType;
import dev.flashsale.reservation.Hold;
import reactor.core.publisher.Mono;

/**
 * Writes a payment confirmation to the ledger synchronously, before the marketplace is answered.
 * It uses the id of the CONFIRMED stream entry, so when the stream consumer reaches the same entry
 * later it finds it applied and skips it.
 */
@Service
public class PaymentLedger {

    private final LedgerWriter writer;
    private final org.springframework.r2dbc.core.DatabaseClient db;

    PaymentLedger(LedgerWriter writer, org.springframework.r2dbc.core.DatabaseClient db) {
        this.writer = writer;
        this.db = db;
    }

    /** The reservation's state in the ledger (HELD, CONFIRMED, RELEASED, EXPIRED), empty if unknown there. */
    public Mono<String> statusOf(String reservationId) {
        return db.sql("select status from reservation where id = :id").bind("id", reservationId)
                .map(row -> row.get("status", String.class)).one();
    }

    public Mono<Void> recordConfirmation(Hold hold, String streamEntryId, String paymentRef, Instant at) {
        LedgerEvent event = new LedgerEvent(hold.saleId() + ":" + streamEntryId, hold.saleId(), SaleEventType.CONFIRMED, hold.id(),
                hold.shopper(), hold.quantity(), at, hold.expiresAt(), null, paymentRef, hold.createdAt());
        return writer.apply(List.of(event)).then();
    }
}
