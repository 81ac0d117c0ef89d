package dev.flashsale.infra.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import redis.embedded.RedisServer;

/**
 * A real Redis 6.2 server process (embedded-redis) for standalone runs and tests.
 * Configured as production expects Redis to be: append-only persistence, expired-key
 * notifications for the hold listener, and {@code hz 100} so the active expiry cycle runs often.
 */
public final class EmbeddedRedisServer implements AutoCloseable {

    /** Written by Redis into its data directory while it runs, so a later run can find an orphan. */
    static final String PID_FILE = "redis.pid";
    static final String EXECUTABLE = "redis-server";

    private final RedisServer server;
    private final int port;

    private EmbeddedRedisServer(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static EmbeddedRedisServer start(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            int port = FreePorts.find();
            RedisServer server = RedisServer.newRedisServer()
                    .port(port)
                    .bind("127.0.0.1")
                    .setting("dir " + dataDir.toAbsolutePath())
                    .setting("pidfile " + dataDir.toAbsolutePath().resolve(PID_FILE))
                    .setting("appendonly yes")
                    .setting("appendfsync everysec")
                    .setting("notify-keyspace-events Ex")
                    .setting("hz 100")
                    .setting("save \"\"")
                    .setting("protected-mode yes")
                    .onShutdownForceStop(true)
                    .build();
            server.start();
            return new EmbeddedRedisServer(server, port);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start embedded Redis in " + dataDir, e);
        }
    }

    /** Stop and start the same server (same port and data): used by tests of Redis restarts. */
    public void restart() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the old process may hold the port for a moment after stop() returns
        for (int attempt = 1; ; attempt++) {
            try {
                server.start();
                return;
            } catch (IOException e) {
                if (attempt == 50) {
                    throw new UncheckedIOException(e);
                }
                sleep(100);
            }
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

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
