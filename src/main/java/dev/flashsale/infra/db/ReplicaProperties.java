package dev.flashsale.infra.db;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * A Postgres read replica for staleness-tolerant reads ({@link ReadOnlyDatabase}); unset URL: every read on the
 * primary. A physical replica has the primary's roles, so the credentials default to {@code spring.r2dbc.*}'s.
 *
 * @param retryAfter how long reads stay on the primary after the replica failed one
 */
@ConfigurationProperties("flashsale.r2dbc.replica")
record ReplicaProperties(String url, String username, String password, @DefaultValue("10") int maxSize,
        @DefaultValue("5s") Duration retryAfter) {

    boolean configured() {
        return url != null && !url.isBlank();
    }
}
