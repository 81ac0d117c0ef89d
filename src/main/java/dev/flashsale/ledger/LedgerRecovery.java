package dev.flashsale.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.relational.core.query.Criteria;
import org.springframework.data.relational.core.query.Query;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.Sale;
import dev.flashsale.reservation.Hold;
import dev.flashsale.reservation.Holds;
import dev.flashsale.reservation.ReservationStatus;
import dev.flashsale.reservation.StockRecovery;
import reactor.core.publisher.Mono;

/**
 * Rebuilds a sale's Redis state from the ledger: sold units from CONFIRMED reservations, live
 * holds from HELD ones still before their deadline. HELD reservations whose deadline passed while
 * Redis was gone are expired in the ledger (their units are simply available again).
 */
@Component
class LedgerRecovery implements StockRecovery {

    private static final Logger log = LoggerFactory.getLogger(LedgerRecovery.class);

    private final R2dbcEntityTemplate entities;
    private final LedgerWriter writer;
    private final Holds holds;
    private final Clock clock;

    LedgerRecovery(R2dbcEntityTemplate entities, LedgerWriter writer, Holds holds, Clock clock) {
        this.entities = entities;
        this.writer = writer;
        this.holds = holds;
        this.clock = clock;
    }

    @Override
    public Mono<Boolean> recover(Sale sale) {
        return entities.select(Query.query(Criteria.where("sale_id").is(sale.id())
                        .and("status").in("HELD", "CONFIRMED")), ReservationRecord.class)
                .collectList()
                .flatMap(rows -> rows.isEmpty() ? Mono.just(false) : rebuild(sale, rows));
    }

    private Mono<Boolean> rebuild(Sale sale, List<ReservationRecord> rows) {
        Instant now = clock.instant();
        long sold = 0;
        Map<String, Long> confirmed = new HashMap<>();
        List<Hold> live = new java.util.ArrayList<>();
        List<LedgerEvent> lapsed = new java.util.ArrayList<>();
        for (ReservationRecord row : rows) {
            if (!row.isHeld()) {
                sold += row.quantity();
                confirmed.merge(row.shopper(), (long) row.quantity(), Long::sum);
            } else if (row.expiresAt().isAfter(now)) {
                live.add(new Hold(row.id(), sale.id(), row.shopper(), row.quantity(), ReservationStatus.HELD,
                        row.createdAt(), row.expiresAt()));
            } else {
                lapsed.add(new LedgerEvent(sale.id() + ":rebuild-expired:" + row.id(), sale.id(), "EXPIRED", row.id(),
                        row.shopper(), row.quantity(), now, row.expiresAt(), "REBUILD", null, row.createdAt()));
            }
        }
        long soldUnits = sold;
        return holds.rebuild(sale, soldUnits, confirmed, live, now)
                .flatMap(rebuilt -> !rebuilt ? Mono.just(false) : (lapsed.isEmpty() ? Mono.just(0L) : writer.apply(lapsed))
                        .doOnNext(n -> log.warn("Rebuilt Redis state of sale {} from the ledger: {} sold, {} live holds, {} lapsed holds expired",
                                sale.id(), soldUnits, live.size(), lapsed.size()))
                        .thenReturn(true));
    }
}
