package dev.flashsale.ledger;

import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.flashsale.reservation.SaleEventType;
import dev.flashsale.reservation.Hold;
import dev.flashsale.reservation.Holds;
import dev.flashsale.reservation.ReservationStatus;
import reactor.core.publisher.Mono;

/**
 * Once a batch of events is committed, the holds it closed leave Redis: a shopper looping
 * reserve/cancel would otherwise add a hold hash per loop, forever. Each hold is deleted with the
 * state the ledger committed for it, and only if Redis has the same (a CONFIRMED-vs-EXPIRED clash
 * stays in Redis to be repaired). Reads of a purged hold fall back to the ledger's row.
 */
@Component
class ClosedHoldPurge {

    private final DatabaseClient db;
    private final Holds holds;

    ClosedHoldPurge(DatabaseClient db, Holds holds) {
        this.db = db;
        this.holds = holds;
    }

    /** Purges the holds closed by these (committed) events; returns how many left Redis. */
    Mono<Long> closedIn(long saleId, List<LedgerEvent> events) {
        String[] ids = events.stream().filter(e -> e.isHoldTransition() && e.type() != SaleEventType.HELD)
                .map(LedgerEvent::holdId).distinct().toArray(String[]::new);
        if (ids.length == 0) {
            return Mono.just(0L);
        }
        return db.sql("""
                select id, shopper, quantity, status from reservation
                where sale_id = :sale and id = any(:ids) and status <> 'HELD'""")
                .bind("sale", saleId).bind("ids", ids)
                .map(row -> new Hold(row.get("id", String.class), saleId, row.get("shopper", String.class),
                        row.get("quantity", Integer.class), ReservationStatus.valueOf(row.get("status", String.class)),
                        Instant.EPOCH, Instant.EPOCH))
                .all().collectList()
                .flatMap(committed -> holds.purgeClosed(saleId, committed));
    }
}
