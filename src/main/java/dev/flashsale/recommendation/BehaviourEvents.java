package dev.flashsale.recommendation;

import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import dev.flashsale.infra.db.ReadOnlyDatabase;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Reads and writes {@code behaviour_event}; the reads are model and ranking inputs, from the replica when there is one. */
@Repository
class BehaviourEvents {

    private final DatabaseClient db;
    private final ReadOnlyDatabase reads;

    BehaviourEvents(DatabaseClient db, ReadOnlyDatabase reads) {
        this.db = db;
        this.reads = reads;
    }

    /**
     * One insert of arrays: a second of events costs one round trip and four bound parameters
     * (binding one parameter per value made each bind copy all earlier ones: quadratic CPU).
     */
    Mono<Long> insert(List<BehaviourEvent> events) {
        if (events.isEmpty()) {
            return Mono.just(0L);
        }
        return db.sql("""
                insert into behaviour_event (shopper_id, sale_id, type, at)
                select shopper, sale, type, to_timestamp(at_ms / 1000.0)
                from unnest(:shoppers::varchar[], :sales::bigint[], :types::varchar[], :ats::bigint[])
                     as e(shopper, sale, type, at_ms)""")
                .bind("shoppers", events.stream().map(BehaviourEvent::shopperId).toArray(String[]::new))
                .bind("sales", events.stream().map(BehaviourEvent::saleId).toArray(Long[]::new))
                .bind("types", events.stream().map(e -> e.type().name()).toArray(String[]::new))
                .bind("ats", events.stream().map(e -> e.at().toEpochMilli()).toArray(Long[]::new))
                .fetch().rowsUpdated();
    }

    /** A shopper's most recent events, newest first. */
    Flux<BehaviourEvent> recent(String shopperId, int limit) {
        return reads.readMany(replica -> replica.sql("select shopper_id, sale_id, type, at from behaviour_event "
                        + "where shopper_id = :shopper order by at desc limit :limit")
                .bind("shopper", shopperId).bind("limit", limit)
                .map(BehaviourEvents::event).all());
    }

    /**
     * Every shopper-sale-type triple since {@code since}, once, at its latest time: what the
     * model build needs, without shipping every repeated view.
     */
    Flux<BehaviourEvent> summarySince(Instant since) {
        return reads.readMany(replica -> replica.sql("select shopper_id, sale_id, type, max(at) as at from behaviour_event "
                        + "where at >= :since group by shopper_id, sale_id, type")
                .bind("since", since)
                .map(BehaviourEvents::event).all());
    }

    Mono<Long> deleteBefore(Instant cutoff) {
        return db.sql("delete from behaviour_event where at < :cutoff").bind("cutoff", cutoff).fetch().rowsUpdated();
    }

    private static BehaviourEvent event(Readable row) {
        return new BehaviourEvent(row.get("shopper_id", String.class), row.get("sale_id", Long.class),
                BehaviourType.valueOf(row.get("type", String.class)), row.get("at", Instant.class));
    }
}
