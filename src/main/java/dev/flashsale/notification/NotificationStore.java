package dev.flashsale.notification;

import java.time.Instant;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.r2dbc.core.Parameter;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.db.ReadOnlyDatabase;
import io.r2dbc.spi.Readable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The durable record of what each shopper was told (table {@code notification}). */
@Component
class NotificationStore {

    /** A stored notification: its view and its shopper. */
    record Stored(String shopper, NotificationView view) {
    }

    private final DatabaseClient db;
    private final ReadOnlyDatabase reads;

    NotificationStore(DatabaseClient db, ReadOnlyDatabase reads) {
        this.db = db;
        this.reads = reads;
    }

    /** Stores it unless its source was stored before: empty then (a redelivered event). */
    Mono<Stored> insert(NewNotification n) {
        return db.sql("""
                insert into notification (source, shopper, type, sale_id, hold_id, title, message, deadline, created_at,
                                          next_attempt_at)
                values (:source, :shopper, :type, :sale, :hold, :title, :message, :deadline, :created, :created)
                on conflict (source) do nothing
                returning *""")
                .bind("source", n.source()).bind("shopper", n.shopper()).bind("type", n.type().name())
                .bind("sale", n.saleId()).bind("hold", Parameter.fromOrEmpty(n.holdId(), String.class))
                .bind("title", n.title()).bind("message", n.message())
                .bind("deadline", Parameter.fromOrEmpty(n.deadline(), Instant.class)).bind("created", n.createdAt())
                .map(NotificationStore::stored).one();
    }

    /**
     * The shopper's newest {@code limit} notifications, newest first: the list page, from the replica when there is
     * one (a notification a moment old may be missing there; the stream has it live).
     */
    Flux<NotificationView> latest(String shopper, int limit) {
        return reads.readMany(replica -> replica.sql("select * from notification where shopper = :shopper order by id desc limit :limit")
                .bind("shopper", shopper).bind("limit", limit)
                .map(row -> stored(row).view()).all());
    }

    /**
     * The shopper's newest {@code limit} notifications after {@code afterId}, oldest first (a stream replay): on the
     * primary, since a replay that missed a notification the replica has not applied yet would lose it for good.
     */
    Flux<NotificationView> after(String shopper, long afterId, int limit) {
        return db.sql("""
                select * from (select * from notification where shopper = :shopper and id > :after
                               order by id desc limit :limit) newest
                order by id""")
                .bind("shopper", shopper).bind("after", afterId).bind("limit", limit)
                .map(row -> stored(row).view()).all();
    }

    static Stored stored(Readable row) {
        return new Stored(row.get("shopper", String.class), new NotificationView(row.get("id", Long.class),
                NotificationType.valueOf(row.get("type", String.class)), row.get("sale_id", Long.class),
                row.get("hold_id", String.class), row.get("title", String.class), row.get("message", String.class),
                row.get("deadline", Instant.class), row.get("created_at", Instant.class)));
    }
}
