package dev.flashsale.infra.db;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The replica's pool is no {@code ConnectionFactory} bean on purpose: Boot's R2DBC auto-configuration (the
 * primary's pool, {@code DatabaseClient}, transactions, the {@code r2dbc} health component) backs off as soon as
 * any {@code ConnectionFactory} bean exists.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ReplicaProperties.class)
class ReplicaConfig {

    @Bean
    ReadOnlyDatabase readOnlyDatabase(DatabaseClient primary, ReplicaProperties replica, R2dbcProperties r2dbc,
            Clock clock, MeterRegistry registry) {
        return new ReadOnlyDatabase(primary, replica.configured() ? ReplicaConnections.pool(replica, r2dbc) : null,
                replica, clock, registry);
    }

    /** Its own component ({@code replica}), outside readiness: the reads it serves fall back to the primary. */
    @Bean
    @ConditionalOnProperty("flashsale.r2dbc.replica.url")
    ReplicaHealthIndicator replicaHealthIndicator(ReadOnlyDatabase database) {
        return new ReplicaHealthIndicator(database);
    }
}
