package dev.flashsale.infra.audit;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.db.ReadOnlyDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.postgresql.codec.Json;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit log of admin changes, in Postgres. Features record a change after it succeeded, with the
 * state before (null for a creation) and after; the actor is the caller's token subject, or
 * {@code management-port} for an operator call on the unauthenticated management port.
 * <p>
 * A change to Redis (stock) cannot share a transaction with Postgres: if the entry cannot be written,
 * the change stands, the failure is logged with the whole entry and counted
 * ({@code flashsale.audit.failures}), and the caller still gets its answer.
 */
@Component
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final DatabaseClient db;
    private final ReadOnlyDatabase reads;
    private final JsonMapper json;
    private final Clock clock;
    private final Counter failures;

    AuditTrail(DatabaseClient db, ReadOnlyDatabase reads, JsonMapper json, Clock clock, MeterRegistry registry) {
        this.db = db;
        this.reads = reads;
        this.json = json;
        this.clock = clock;
        this.failures = Counter.builder("flashsale.audit.failures")
                .description("Admin changes made whose audit entry could not be written (logged instead)").register(registry);
    }

    /** Records a change that was made; completes when the entry is written (or its failure logged). */
    public Mono<Void> record(String action, String target, Object before, Object after) {
        return actor().flatMap(actor -> json(json(db.sql("""
                insert into audit_entry (at, actor, action, target, before, after)
                values (:at, :actor, :action, :target, :before, :after)""")
                .bind("at", clock.instant()).bind("actor", actor).bind("action", action).bind("target", target),
                "before", before), "after", after)
                .then()
                .onErrorResume(e -> {
                    failures.increment();
                    log.error("Audit entry not written: {} {} by {} before={} after={}: {}", action, target, actor,
                            before, after, e.toString());
                    return Mono.empty();
                }));
    }

    /** The newest entries first, optionally of one target ({@code sale/12}); from the replica when there is one. */
    public Mono<List<AuditEntry>> latest(String target, int limit) {
        return reads.read(replica -> replica.sql("select * from audit_entry where (:target = '' or target = :target) order by id desc limit :limit")
                .bind("target", target == null ? "" : target).bind("limit", limit)
                .map(row -> new AuditEntry(row.get("id", Long.class), row.get("at", java.time.Instant.class),
                        row.get("actor", String.class), row.get("action", String.class), row.get("target", String.class),
                        tree(row.get("before", Json.class)), tree(row.get("after", Json.class))))
                .all().collectList());
    }

    private Mono<String> actor() {
        return ReactiveSecurityContextHolder.getContext().map(SecurityContext::getAuthentication)
                .map(Authentication::getName).defaultIfEmpty("management-port");
    }

    private DatabaseClient.GenericExecuteSpec json(DatabaseClient.GenericExecuteSpec spec, String name, Object value) {
        return value == null ? spec.bindNull(name, Json.class) : spec.bind(name, Json.of(json.writeValueAsString(value)));
    }

    private tools.jackson.databind.JsonNode tree(Json value) {
        return value == null ? null : json.readTree(value.asString());
    }
}
