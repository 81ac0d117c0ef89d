package dev.flashsale.infra.db;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** Overrides for the schema migration connection; by default it reuses {@code spring.r2dbc.*}. */
@ConfigurationProperties("flashsale.migration")
record MigrationProperties(@DefaultValue("true") boolean enabled, String jdbcUrl, String username, String password) {
}
