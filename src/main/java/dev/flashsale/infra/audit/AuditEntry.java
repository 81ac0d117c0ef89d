package dev.flashsale.infra.audit;

import java.time.Instant;

import tools.jackson.databind.JsonNode;

/** One admin change as the audit log keeps it; {@code before} is null for a creation. */
public record AuditEntry(long id, Instant at, String actor, String action, String target, JsonNode before,
        JsonNode after) {
}
