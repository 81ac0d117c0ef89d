package dev.flashsale.payment;

import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.db.ReadOnlyDatabase;

import reactor.core.publisher.Mono;

/** Payments for holds that had already ended: recorded for a refund, never given a unit. */
@Component
class LatePayments {

    record LatePayment(long id, String marketplace, String eventId, String reservationId, long saleId,
            String holdStatus, String orderId, Long amount, Instant receivedAt, String refundState) {
    }

    private final DatabaseClient db;
    private final ReadOnlyDatabase reads;

    LatePayments(DatabaseClient db, ReadOnlyDatabase reads) {
        this.db = db;
        this.reads = reads;
    }

    Mono<Void> record(Marketplaces marketplace, OrderEvent event, long saleId, String holdStatus) {
        return db.sql("""
                insert into late_payment (marketplace, event_id, reservation_id, sale_id, hold_status, order_id, amount)
                values (:m, :e, :r, :s, :h, :o, :a) on conflict do nothing""")
                .bind("m", marketplace.name()).bind("e", event.eventId()).bind("r", event.reservationId())
                .bind("s", saleId).bind("h", holdStatus)
                .bind("o", org.springframework.r2dbc.core.Parameter.fromOrEmpty(event.orderId(), String.class))
                .bind("a", org.springframework.r2dbc.core.Parameter.fromOrEmpty(event.amount(), Long.class))
                .then();
    }

    /** The refund list: an operator's report, read from the replica when there is one. */
    Mono<List<LatePayment>> all() {
        return reads.read(replica -> replica.sql("select * from late_payment order by received_at desc limit 1000")
                .map(row -> new LatePayment(row.get("id", Long.class), row.get("marketplace", String.class),
                        row.get("event_id", String.class), row.get("reservation_id", String.class),
                        row.get("sale_id", Long.class), row.get("hold_status", String.class),
                        row.get("order_id", String.class), row.get("amount", Long.class),
                        row.get("received_at", Instant.class), row.get("refund_state", String.class)))
                .all().collectList());
    }
}
