package dev.flashsale.infra.db;

import java.time.Duration;

import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.ConnectionPoolConfiguration;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.ValidationDepth;

/** The replica's connection pool: none open at start-up, so the service starts whether the replica is up or not. */
final class ReplicaConnections {

    private ReplicaConnections() {
    }

    static ConnectionPool pool(ReplicaProperties replica, R2dbcProperties primary) {
        ConnectionFactoryOptions.Builder options = ConnectionFactoryOptions.parse(replica.url()).mutate()
                // a replica that is gone should cost a read two seconds at most before it goes to the primary
                .option(ConnectionFactoryOptions.CONNECT_TIMEOUT, Duration.ofSeconds(2));
        String username = replica.username() != null ? replica.username() : primary.getUsername();
        String password = replica.password() != null ? replica.password() : primary.getPassword();
        if (username != null) {
            options.option(ConnectionFactoryOptions.USER, username);
        }
        if (password != null) {
            options.option(ConnectionFactoryOptions.PASSWORD, password);
        }
        return new ConnectionPool(ConnectionPoolConfiguration.builder(ConnectionFactories.get(options.build()))
                .name("replica")
                .initialSize(0)
                .maxSize(replica.maxSize())
                // as the primary's pool (application.yml): a connection the replica's restart killed is found
                // on acquire, not handed out
                .validationQuery("SELECT 1")
                .validationDepth(ValidationDepth.REMOTE)
                .maxValidationTime(Duration.ofSeconds(2))
                .maxAcquireTime(Duration.ofSeconds(3))
                .maxCreateConnectionTime(Duration.ofSeconds(2))
                .maxIdleTime(Duration.ofMinutes(5))
                .build());
    }
}
