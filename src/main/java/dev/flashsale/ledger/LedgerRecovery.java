package dev.flashsale.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.flashsale.reservation.SaleEventType;
import dev.flashsale.catalog.Sale;
import dev.flashsale.reservation.Hold;
import dev.flashsale.reservation.Holds;
import dev.flashsale.reservation.ReservationStatus;
import dev.flashsale.reservation.StockRecovery;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Rebuilds a sale's Redis state when its stock hash is gone or incomplete. The ledger gives sold
 * units (CONFIRMED reservations) and live holds (HELD ones still before their deadline); the holds
 * Redis still has are reconciled with it in the rebuild script, so that surviving holds are counted
 * and a paid unit is never sold again. HELD reservations whose deadline passed while Redis had no
 * trace of them are expired in the ledger (their units are simply available again).
 */
@Component
class LedgerRecovery implements StockRecovery {

    private static final Logger log = LoggerFactory.getLogger(LedgerRecovery.class);

    private final DatabaseClient db;
    private final LedgerWriter writer;
    private final Holds holds;
    private final Clock clock;

    LedgerRecovery(DatabaseClient db, LedgerWriter writer, Holds holds, Clock clock) {
        this.db = db;
        this.writer = writer;
        this.holds = holds;
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> recover(Sale sale) {
        return holds.survivingIds(sale.id()).flatMap(redisIds -> ledgerRows(sale.id(), redisIds).collectList()
                .flatMap(rows -> rows.isEmpty() && redisIds.isEmpty() ? Mono.just(false) : rebuild(sale, rows, redisIds)));
    }

    /** Every live or paid reservation of the sale, and the ledger's state of each hold Redis still has. */
    private Flux<Hold> ledgerRows(long saleId, Set<String> redisIds) {
        return db.sql("""
                select id, shopper, quantity, status, created_at, expires_at from reservation
                where sale_id = :sale and (status in ('HELD', 'CONFIRMED') or id = any(:ids))""")
                .bind("sale", saleId).bind("ids", redisIds.toArray(String[]::new))
                .map(row -> new Hold(row.get("id", String.class), saleId, row.get("shopper", String.class),
                        row.get("quantity", Integer.class), ReservationStatus.valueOf(row.get("status", String.class)),
                        row.get("created_at", Instant.class), row.get("expires_at", Instant.class)))
                .all();
    }

    private Mono<Boolean> rebuild(Sale sale, List<Hold> rows, Set<String> redisIds) {
        Instant now = clock.instant();
        return holds.rebuild(sale, rows, redisIds, now).flatMap(result -> {
            if (!result.rebuilt()) {
                return Mono.just(false);
            }
            Set<String> lapsedIds = Set.copyOf(result.lapsed());
            List<LedgerEvent> lapsed = rows.stream().filter(row -> lapsedIds.contains(row.id()))
                    .map(row -> new LedgerEvent(sale.id() + ":rebuild-expired:" + row.id(), sale.id(), SaleEventType.EXPIRED, row.id(),
                            row.shopper(), row.quantity(), now, row.expiresAt(), "REBUILD", null, row.createdAt()))
                    .toList();
            return (lapsed.isEmpty() ? Mono.just(0L) : writer.apply(lapsed))
                    .doOnNext(n -> log.warn("Rebuilt Redis state of sale {}: {} ledger rows, {} holds still in Redis, {} lapsed"
                            + " holds expired", sale.id(), rows.size(), redisIds.size(), lapsed.size()))
                    .thenReturn(true);
        });
    }
}
