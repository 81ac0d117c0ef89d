package dev.flashsale.sourcing;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Candidates an admin has seen recently, so "import" can refer to one by id on any instance: kept in
 * Postgres for {@code candidate-ttl} (not in Redis: DESIGN.md keeps TTL'd keys out of Redis DB 0, and an
 * admin search is rare). Each search deletes the candidates past their time.
 */
@Component
class CandidateStore {

    private final DatabaseClient db;
    private final JsonMapper json;
    private final McpClientProperties props;
    private final Clock clock;

    CandidateStore(DatabaseClient db, JsonMapper json, McpClientProperties props, Clock clock) {
        this.db = db;
        this.json = json;
        this.props = props;
        this.clock = clock;
    }

    Mono<Void> remember(List<Candidate> candidates) {
        Instant now = clock.instant();
        Instant until = now.plus(props.candidateTtl());
        Mono<Void> expired = db.sql("delete from mcp_candidate where expires_at <= :now").bind("now", now).then();
        return expired.thenMany(Flux.fromIterable(candidates).concatMap(c -> db.sql("""
                insert into mcp_candidate (id, body, expires_at) values (:id, :body, :until)
                on conflict (id) do update set body = excluded.body, expires_at = excluded.expires_at""")
                .bind("id", c.id()).bind("body", Json.of(json.writeValueAsString(c))).bind("until", until).then()))
                .then();
    }

    Mono<Candidate> find(String id) {
        return db.sql("select body from mcp_candidate where id = :id and expires_at > :now")
                .bind("id", id).bind("now", clock.instant())
                .map(row -> json.readValue(row.get("body", Json.class).asString(), Candidate.class))
                .one();
    }
}
