package dev.flashsale.waitingroom;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Repository;

import io.r2dbc.spi.Readable;
import reactor.core.publisher.Mono;

/** The rooms' settings in Postgres (table {@code waiting_room}, one row per sale that has a room). */
@Repository
class WaitingRoomStore {

    private final DatabaseClient db;
    private final Clock clock;

    WaitingRoomStore(DatabaseClient db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    Mono<List<RoomSettings>> all() {
        return db.sql("select sale_id, enabled, opens_at, admit_per_second, admission_ttl_ms from waiting_room")
                .map(WaitingRoomStore::row).all().collectList();
    }

    Mono<RoomSettings> save(RoomSettings room) {
        var spec = db.sql("""
                insert into waiting_room (sale_id, enabled, opens_at, admit_per_second, admission_ttl_ms, updated_at)
                values (:sale, :enabled, :opens, :rate, :ttl, :now)
                on conflict (sale_id) do update set enabled = excluded.enabled, opens_at = excluded.opens_at,
                    admit_per_second = excluded.admit_per_second, admission_ttl_ms = excluded.admission_ttl_ms,
                    updated_at = excluded.updated_at""")
                .bind("sale", room.saleId()).bind("enabled", room.enabled())
                .bind("rate", room.admitPerSecond()).bind("ttl", room.admissionTtl().toMillis())
                .bind("now", clock.instant());
        spec = room.opensAt() == null ? spec.bindNull("opens", Instant.class) : spec.bind("opens", room.opensAt());
        return spec.then().thenReturn(room);
    }

    private static RoomSettings row(Readable row) {
        return new RoomSettings(row.get("sale_id", Long.class), Boolean.TRUE.equals(row.get("enabled", Boolean.class)),
                row.get("opens_at", Instant.class), row.get("admit_per_second", Integer.class),
                Duration.ofMillis(row.get("admission_ttl_ms", Long.class)));
    }
}
