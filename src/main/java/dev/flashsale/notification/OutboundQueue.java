package dev.flashsale.notification;

import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.db.ReadOnlyDatabase;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The outbound state of each notification, in its row: PENDING with the time of its next attempt,
 * SENT, or DEAD (the dead-letter list). Kept in Postgres so retries survive a restart of every instance.
 */
@Component
class OutboundQueue {

    /** A notification due for the channel, and how many attempts it has had. */
    record Due(NotificationStore.Stored notification, int attempts) {
    }

    /** A notification every attempt failed for. */
    record DeadLetter(long id, String shopper, NotificationType type, long saleId, String holdId, int attempts,
            String lastError, Instant createdAt) {
    }

    private final DatabaseClient db;
    private final ReadOnlyDatabase reads;

    OutboundQueue(DatabaseClient db, ReadOnlyDatabase reads) {
        this.db = db;
        this.reads = reads;
    }

    /**
     * Takes up to {@code limit} due notifications for this instance until {@code leaseUntil}: rows
     * another instance is taking at the same moment are skipped, and a row whose taker died before
     * answering is due again when the lease ends.
     */
    Flux<Due> take(Instant now, Instant leaseUntil, int limit) {
        return db.sql("""
                update notification set next_attempt_at = :lease
                where id in (select id from notification where outbound_state = 'PENDING' and next_attempt_at <= :now
                             order by next_attempt_at limit :limit for update skip locked)
                returning *""")
                .bind("lease", leaseUntil).bind("now", now).bind("limit", limit)
                .map(row -> new Due(NotificationStore.stored(row), row.get("attempts", Integer.class))).all();
    }

    Mono<Void> sent(long id, int attempts) {
        return db.sql("update notification set outbound_state = 'SENT', attempts = :a, last_error = null where id = :id")
                .bind("a", attempts).bind("id", id).then();
    }

    Mono<Void> retryAt(long id, int attempts, Instant next, String error) {
        return db.sql("update notification set attempts = :a, next_attempt_at = :next, last_error = :e where id = :id")
                .bind("a", attempts).bind("next", next).bind("e", truncate(error)).bind("id", id).then();
    }

    Mono<Void> dead(long id, int attempts, String error) {
        return db.sql("update notification set outbound_state = 'DEAD', attempts = :a, last_error = :e where id = :id")
                .bind("a", attempts).bind("e", truncate(error)).bind("id", id).then();
    }

    /** The newest dead letters first: the admin's list, from the replica when there is one. */
    Mono<List<DeadLetter>> deadLetters(int limit) {
        return reads.read(replica -> replica.sql("select * from notification where outbound_state = 'DEAD' order by id desc limit :limit")
                .bind("limit", limit)
                .map(row -> new DeadLetter(row.get("id", Long.class), row.get("shopper", String.class),
                        NotificationType.valueOf(row.get("type", String.class)), row.get("sale_id", Long.class),
                        row.get("hold_id", String.class), row.get("attempts", Integer.class),
                        row.get("last_error", String.class), row.get("created_at", Instant.class)))
                .all().collectList());
    }

    private static String truncate(String error) {
        String e = error == null ? "unknown" : error;
        return e.length() <= 500 ? e : e.substring(0, 500);
    }
}
