package dev.flashsale.ledger;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.flashsale.reservation.Hold;
import dev.flashsale.reservation.HoldHistory;
import dev.flashsale.reservation.ReservationStatus;
import reactor.core.publisher.Mono;

/** The ledger's reservation rows, read for holds Redis has purged. */
@Component
class LedgerHoldHistory implements HoldHistory {

    private final DatabaseClient db;

    LedgerHoldHistory(DatabaseClient db) {
        this.db = db;
    }

    @Override
    public Mono<Hold> find(long saleId, String holdId) {
        return db.sql("""
                select shopper, quantity, status, created_at, expires_at from reservation
                where id = :id and sale_id = :sale""")
                .bind("id", holdId).bind("sale", saleId)
                .map(row -> new Hold(holdId, saleId, row.get("shopper", String.class), row.get("quantity", Integer.class),
                        ReservationStatus.valueOf(row.get("status", String.class)), row.get("created_at", Instant.class),
                        row.get("expires_at", Instant.class)))
                .one();
    }
}
