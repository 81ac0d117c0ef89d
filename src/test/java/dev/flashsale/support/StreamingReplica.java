package dev.flashsale.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import dev.flashsale.infra.embedded.EmbeddedPostgresServer;

/**
 * A real streaming replica of the test JVM's embedded Postgres, started once per JVM by the first test that asks.
 * No {@code pg_basebackup} (the embedded binaries lack it): an online base backup by hand, as its documentation
 * describes: a physical replication slot so the primary keeps the WAL the copy needs, {@code pg_start_backup},
 * a file copy of the data directory (without the server's own run files and WAL), {@code pg_stop_backup} whose
 * label becomes the copy's {@code backup_label}, then {@code standby.signal} and {@code primary_conninfo}; the copy
 * starts as a hot standby and streams from the primary. The embedded primary needs nothing changed for it:
 * Postgres 14's defaults have {@code wal_level=replica} and 10 WAL senders, initdb's {@code pg_hba.conf} lets
 * 127.0.0.1 replicate, and the {@code postgres} superuser may (checked here all the same).
 */
public final class StreamingReplica {

    static final String NAME = "flashsale_replica";
    /** Run files of the primary's server, and directories whose contents a base backup leaves out. */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label");
    private static final Set<String> EMPTIED_DIRS = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

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
            baseBackup(primary, dir);
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
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!"streaming".equals(stateOnPrimary())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("The replica in " + dataDir + " is not streaming from the primary");
            }
            sleep(100);
        }
    }

    private String onReplica(String sql) {
        return query("jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedPostgresServer.DATABASE, sql);
    }

    private static void baseBackup(TestServers.EmbeddedPrimary primary, Path dir) {
        try (Connection c = connect(primary.jdbcUrl()); Statement st = c.createStatement()) {
            String walLevel = value(st, "show wal_level");
            if (walLevel.equals("minimal") || Integer.parseInt(value(st, "show max_wal_senders")) < 1) {
                throw new IllegalStateException("The test Postgres cannot stream: wal_level=" + walLevel);
            }
            if (!Boolean.parseBoolean(value(st, "select rolreplication::text from pg_roles where rolname = current_user"))) {
                throw new IllegalStateException("The test Postgres user may not replicate");
            }
            value(st, "select count(pg_create_physical_replication_slot('" + NAME + "', true)) from (select 1) one "
                    + "where not exists (select 1 from pg_replication_slots where slot_name = '" + NAME + "')");
            // Postgres 15 renamed the functions (pg_backup_start/stop); the embedded binaries are 14
            boolean renamed = Integer.parseInt(value(st, "show server_version_num")) >= 150000;
            value(st, renamed ? "select pg_backup_start('" + NAME + "', true)"
                    : "select pg_start_backup('" + NAME + "', true, false)");
            copy(primary.dataDir(), dir);
            String label = value(st, renamed ? "select labelfile from pg_backup_stop(false)"
                    : "select labelfile from pg_stop_backup(false, false)");
            Files.writeString(dir.resolve("backup_label"), label);
            Files.writeString(dir.resolve("standby.signal"), "");
            Files.writeString(dir.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port=" + primary.port()
                    + " user=" + EmbeddedPostgresServer.USER + " password=" + EmbeddedPostgresServer.PASSWORD
                    + " application_name=" + NAME + "'\nprimary_slot_name = '" + NAME + "'\n", StandardOpenOption.APPEND);
        } catch (SQLException e) {
            throw new IllegalStateException("Base backup of the test Postgres failed", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a running server's data directory: files may change or vanish meanwhile (WAL replay fixes them). */
    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Path target = to.resolve(from.relativize(dir).toString());
                Files.createDirectories(target);
                Files.setPosixFilePermissions(target, Files.getPosixFilePermissions(dir));
                if (EMPTIED_DIRS.contains(dir.getFileName().toString())) {
                    if (dir.getFileName().toString().equals("pg_wal")) {
                        Files.createDirectories(target.resolve("archive_status"));
                    }
                    return FileVisitResult.SKIP_SUBTREE;
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (!SKIPPED_FILES.contains(file.getFileName().toString())) {
                    try {
                        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (NoSuchFileException vanished) {
                        // dropped while copying: replay recreates or drops it again
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    private static String query(String jdbcUrl, String sql) {
        try (Connection c = connect(jdbcUrl); Statement st = c.createStatement()) {
            return value(st, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + jdbcUrl, e);
        }
    }

    private static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    /** The first column of the first row as text, or null when there is no row. */
    private static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
