package dev.flashsale.support;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.awaitility.Awaitility;

import dev.flashsale.infra.embedded.EmbeddedPostgresServer;

/**
 * A real streaming replica of the test JVM's embedded Postgres, started once per JVM by the first test that asks.
 * No {@code pg_basebackup} (the embedded binaries lack it): an online base backup by hand ({@link BaseBackup}), as the
 * Postgres documentation describes: a physical replication slot so the primary keeps the WAL the copy needs, {@code pg_start_backup},
 * a file copy of the data directory (without the server's own run files and WAL), {@code pg_stop_backup} whose
 * label becomes the copy's {@code backup_label}, then {@code standby.signal} and {@code primary_conninfo}; the copy
 * starts as a hot standby and streams from the primary. The embedded primary needs nothing changed for it:
 * Postgres 14's defaults have {@code wal_level=replica} and 10 WAL senders, initdb's {@code pg_hba.conf} lets
 * 127.0.0.1 replicate, and the {@code postgres} superuser may ({@link BaseBackup} checks all the same).
 */
public final class StreamingReplica {

    static final String NAME = "flashsale_replica";
    private static StreamingReplica instance;

    private final TestServers.EmbeddedPrimary primary;
    private final Path dataDir;
    private final int port;
    private EmbeddedPostgresServer server;

    private StreamingReplica(TestServers.EmbeddedPrimary primary, Path dataDir) {
        this.primary = primary;
        this.dataDir = dataDir;
        this.server = EmbeddedPostgresServer.start(dataDir);
        this.port = server.port();
    }

    /** Whether a replica can be made here: only of an embedded test Postgres, whose files this JVM can copy. */
    public static boolean possible() {
        return TestServers.embeddedPostgres().isPresent();
    }

    public static synchronized StreamingReplica get() {
        if (instance == null) {
            TestServers.EmbeddedPrimary primary = TestServers.embeddedPostgres()
                    .orElseThrow(() -> new IllegalStateException("A streaming replica needs the embedded test Postgres"));
            Path dir = primary.dataDir().resolveSibling("postgres-replica");
            BaseBackup.take(primary, dir);
            instance = new StreamingReplica(primary, dir);
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop));
            instance.awaitStreaming();
        }
        return instance;
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedPostgresServer.DATABASE;
    }

    public synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** Starts the stopped replica again on its port; it resumes streaming where it left off. */
    public synchronized void start() {
        if (server == null) {
            server = EmbeddedPostgresServer.start(dataDir, port);
            awaitStreaming();
        }
    }

    /** Stops applying WAL (it still receives it): the replica stays as it is, as a lagging one would. */
    public void pauseReplay() {
        onReplica("select pg_wal_replay_pause()");
    }

    public void resumeReplay() {
        onReplica("select pg_wal_replay_resume()");
    }

    public boolean inRecovery() {
        return Boolean.parseBoolean(onReplica("select pg_is_in_recovery()::text"));
    }

    /** The replica's state as the primary's {@code pg_stat_replication} shows it, or null when not connected. */
    public String stateOnPrimary() {
        return query(primary.jdbcUrl(), "select state from pg_stat_replication where application_name = '" + NAME + "'");
    }

    private void awaitStreaming() {
        Awaitility.await("the replica in " + dataDir + " streaming from the primary").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> "streaming".equals(stateOnPrimary()));
    }

    private String onReplica(String sql) {
        return query("jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedPostgresServer.DATABASE, sql);
    }

    private static String query(String jdbcUrl, String sql) {
        try (Connection c = BaseBackup.connect(jdbcUrl); Statement st = c.createStatement()) {
            return BaseBackup.value(st, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + jdbcUrl, e);
        }
    }
}
