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
import java.util.Set;

import dev.flashsale.infra.embedded.EmbeddedPostgresServer;

/**
 * An online base backup of the running embedded test Postgres into a directory that starts as its streaming standby
 * (what {@code pg_basebackup -R} does, which the embedded binaries lack); see {@link StreamingReplica}.
 */
final class BaseBackup {

    /** Run files of the primary's server, and directories whose contents a base backup leaves out. */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label");
    private static final Set<String> EMPTIED_DIRS = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem",
            "pg_notify", "pg_serial", "pg_snapshots", "pg_subtrans");

    private BaseBackup() {
    }

    static void take(TestServers.EmbeddedPrimary primary, Path dir) {
        try (Connection c = connect(primary.jdbcUrl()); Statement st = c.createStatement()) {
            String walLevel = value(st, "show wal_level");
            if (walLevel.equals("minimal") || Integer.parseInt(value(st, "show max_wal_senders")) < 1) {
                throw new IllegalStateException("The test Postgres cannot stream: wal_level=" + walLevel);
            }
            if (!Boolean.parseBoolean(value(st, "select rolreplication::text from pg_roles where rolname = current_user"))) {
                throw new IllegalStateException("The test Postgres user may not replicate");
            }
            value(st, "select count(pg_create_physical_replication_slot('" + StreamingReplica.NAME + "', true)) from (select 1) one "
                    + "where not exists (select 1 from pg_replication_slots where slot_name = '" + StreamingReplica.NAME + "')");
            // Postgres 15 renamed the functions (pg_backup_start/stop); the embedded binaries are 14
            boolean renamed = Integer.parseInt(value(st, "show server_version_num")) >= 150000;
            value(st, renamed ? "select pg_backup_start('" + StreamingReplica.NAME + "', true)"
                    : "select pg_start_backup('" + StreamingReplica.NAME + "', true, false)");
            copy(primary.dataDir(), dir);
            String label = value(st, renamed ? "select labelfile from pg_backup_stop(false)"
                    : "select labelfile from pg_stop_backup(false, false)");
            Files.writeString(dir.resolve("backup_label"), label);
            Files.writeString(dir.resolve("standby.signal"), "");
            Files.writeString(dir.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port=" + primary.port()
                    + " user=" + EmbeddedPostgresServer.USER + " password=" + EmbeddedPostgresServer.PASSWORD
                    + " application_name=" + StreamingReplica.NAME + "'\nprimary_slot_name = '" + StreamingReplica.NAME + "'\n", StandardOpenOption.APPEND);
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

    static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
    }

    /** The first column of the first row as text, or null when there is no row. */
    static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
