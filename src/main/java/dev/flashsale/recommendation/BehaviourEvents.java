package dev.flashsale.recommendation;

import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code behaviour_event}. */
@Repository
class BehaviourEvents {

    private final DatabaseClient db;

    BehaviourEvents(DatabaseClient db) {
        this.db = db;
    }

    /** One multi-row insert: a second of views costs one round trip, not one per view. */
    Mono<Long> insert(List<BehaviourEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        StringBuilder sql = new StringBuilder("insert into behaviour_event (shopper_id, sale_id, type, at) values ");
        for (int i = 0; i < events.size(); i++) {
            int p = i * 4;
            sql.append(i == 0 ? "" : ", ").append("($").append(p + 1).append(", $").append(p + 2)
                    .append(", $").append(p + 3).append(", $").append(p + 4).append(')');
        }
        DatabaseClient.GenericExecuteSpec spec = db.sql(sql.toString());
        for (int i = 0; i < events.size(); i++) {
            BehaviourEvent e = events.get(i);
            int p = i * 4;
            spec = spec.bind(p, e.shopperId()).bind(p + 1, e.saleId()).bind(p + 2, e.type().name()).bind(p + 3, e.at());
        }
        return spec.fetch().rowsUpdated();
    }

    /** A shopper's most recent events, newest first. */
    Flux<BehaviourEvent> recent(String shopperId, int limit) {
        return db.sql("select shopper_id, sale_id, type, at from behaviour_event where shopper_id = :shopper "
                        + "order by at desc limit :limit")
                .bind("shopper", shopperId).bind("limit", limit)
                .map(BehaviourEvents::event).all();
    }

    /**
     * Every shopper-sale-type triple since {@code since}, once, at its latest time: what the
     * model build needs, without shipping every repeated view.
     */
    Flux<BehaviourEvent> summarySince(Instant since) {
        return db.sql("select shopper_id, sale_id, type, max(at) as at from behaviour_event where at >= :since "
                        + "group by shopper_id, sale_id, type")
                .bind("since", since)
                .map(BehaviourEvents::event).all();
    }

    Mono<Long> deleteBefore(Instant cutoff) {
        return db.sql("delete from behaviour_event where at < :cutoff").bind("cutoff", cutoff).fetch().rowsUpdated();
    }

    private static BehaviourEvent event(Readable row) {
        return new BehaviourEvent(row.get("shopper_id", String.class), row.get("sale_id", Long.class),
                BehaviourType.valueOf(row.get("type", String.class)), row.get("at", Instant.class));
    }
}
