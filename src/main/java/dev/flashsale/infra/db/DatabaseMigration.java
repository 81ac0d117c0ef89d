package dev.flashsale.infra.db;

import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.stereotype.Component;

/**
 * Applies the Flyway migrations over JDBC while the context starts, before the web server opens
 * its port, so no request ever sees an old schema. The app itself only talks R2DBC; operators
 * configure the database once ({@code spring.r2dbc.*}) and the JDBC URL is derived from it
 * ({@code r2dbc:postgresql://h:p/db} becomes {@code jdbc:postgresql://h:p/db}), unless
 * {@code flashsale.migration.jdbc-url} says otherwise (e.g. a migration user with DDL rights).
 */
@Component
class DatabaseMigration implements InitializingBean {

    private static final Logger log = LoggerFactory.getLogger(DatabaseMigration.class);

    private final R2dbcProperties r2dbc;
    private final MigrationProperties props;

    DatabaseMigration(R2dbcProperties r2dbc, MigrationProperties props) {
        this.r2dbc = r2dbc;
        this.props = props;
    }

    @Override
    public void afterPropertiesSet() {
        if (!props.enabled()) {
            return;
        }
        String url = props.jdbcUrl() != null ? props.jdbcUrl() : jdbcUrl(r2dbc.getUrl());
        String user = props.username() != null ? props.username() : r2dbc.getUsername();
        String password = props.password() != null ? props.password() : r2dbc.getPassword();
        var result = Flyway.configure()
                .dataSource(url, user, password)
                .locations("classpath:db/migration")
                // features number their migrations in their own ranges (V1-V99 core, V100 recommendation,
                // V200 marketplace, V300 baseline), so a database may have a later range applied first
                .outOfOrder(true)
                .load()
                .migrate();
        log.info("Database schema at version {} ({} migrations applied now)", result.targetSchemaVersion,
                result.migrationsExecuted);
    }

    static String jdbcUrl(String r2dbcUrl) {
        if (r2dbcUrl == null || !r2dbcUrl.startsWith("r2dbc:")) {
            throw new IllegalStateException("Cannot derive a JDBC URL from spring.r2dbc.url=" + r2dbcUrl
                    + "; set flashsale.migration.jdbc-url");
        }
        String rest = r2dbcUrl.substring("r2dbc:".length());
        return "jdbc:" + (rest.startsWith("pool:") ? rest.substring("pool:".length()) : rest);
    }
}
