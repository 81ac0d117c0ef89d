package dev.flashsale.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.flashsale.infra.embedded.EmbeddedPostgresServer;
import dev.flashsale.infra.embedded.EmbeddedRedisServer;

/**
 * One real Redis and one real Postgres per test JVM, started on first use, from where
 * {@link ServerSource} says: servers you provide ({@code FLASHSALE_TEST_REDIS_HOST}/{@code _PORT},
 * {@code FLASHSALE_TEST_R2DBC_URL} with {@code _USERNAME}/{@code _PASSWORD}), containers when a Docker
 * engine answers, else the embedded binaries.
 */
public final class TestServers {

    public record Endpoints(String redisHost, int redisPort, String r2dbcUrl, String username, String password) {
    }

    private static Endpoints endpoints;
    private static EmbeddedRedisServer redis;
    private static EmbeddedPostgresServer postgres;
    private static Path postgresDir;
    private static int postgresPort;
    private static ContainerServers containers;

    private TestServers() {
    }

    public static synchronized Endpoints get() {
        if (endpoints == null) {
            endpoints = start();
        }
        return endpoints;
    }

    /** Stops the embedded Postgres; {@link #startPostgres()} brings it back on the same port and data. */
    public static synchronized void stopPostgres() {
        if (containers != null) {
            containers.stopPostgres();
            return;
        }
        if (postgres == null) {
            throw new IllegalStateException("Postgres is external or already stopped; cannot stop it from a test");
        }
        postgresPort = postgres.port();
        postgres.close();
        postgres = null;
    }

    public static synchronized void startPostgres() {
        if (containers != null) {
            containers.startPostgres();
            return;
        }
        if (postgres == null && postgresDir != null) {
            postgres = EmbeddedPostgresServer.start(postgresDir, postgresPort);
        }
    }

    /** The embedded test Postgres's data directory and port, when this JVM started one (for {@link StreamingReplica}). */
    static synchronized java.util.Optional<EmbeddedPrimary> embeddedPostgres() {
        get();
        return postgres == null ? java.util.Optional.empty()
                : java.util.Optional.of(new EmbeddedPrimary(postgresDir, postgres.port()));
    }

    record EmbeddedPrimary(Path dataDir, int port) {
        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedPostgresServer.DATABASE;
        }
    }

    private static Endpoints start() {
        ServerSource source = ServerSource.choose(System.getenv(), ContainerServers::dockerAvailable);
        org.slf4j.LoggerFactory.getLogger(TestServers.class).info("Test servers: {} (see ServerSource)", source);
        if (source == ServerSource.TESTCONTAINERS) {
            containers = new ContainerServers();
            return containers.endpoints();
        }
        String r2dbc = System.getenv("FLASHSALE_TEST_R2DBC_URL");
        String redisHost = System.getenv("FLASHSALE_TEST_REDIS_HOST");
        Path dir = tempDir();
        int redisPort;
        if (redisHost == null) {
            redis = EmbeddedRedisServer.start(dir.resolve("redis"));
            redisHost = "127.0.0.1";
            redisPort = redis.port();
        } else {
            redisPort = Integer.parseInt(System.getenv().getOrDefault("FLASHSALE_TEST_REDIS_PORT", "6379"));
        }
        String user = System.getenv().getOrDefault("FLASHSALE_TEST_R2DBC_USERNAME", EmbeddedPostgresServer.USER);
        String password = System.getenv().getOrDefault("FLASHSALE_TEST_R2DBC_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        if (r2dbc == null) {
            postgresDir = dir.resolve("postgres");
            postgres = EmbeddedPostgresServer.start(postgresDir);
            r2dbc = postgres.r2dbcUrl();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stop));
        return new Endpoints(redisHost, redisPort, r2dbc, user, password);
    }

    private static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("flashsale-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
