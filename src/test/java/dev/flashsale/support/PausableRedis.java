package dev.flashsale.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.flashsale.infra.embedded.EmbeddedRedisServer;

/**
 * A Redis server process of the test JVM's own, apart from the one the suite shares, that a test may
 * freeze with {@code SIGSTOP} and thaw with {@code SIGCONT} (always resume in a finally: a frozen
 * Redis never stops). Started on first use, stopped when the JVM exits.
 */
public final class PausableRedis {

    private static PausableRedis instance;

    private final EmbeddedRedisServer server;
    private final Path dir;

    private PausableRedis(EmbeddedRedisServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    public static synchronized PausableRedis get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("flashsale-pausable-redis-");
                instance = new PausableRedis(EmbeddedRedisServer.start(dir), dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            PausableRedis started = instance;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                started.resume();
                started.server.close();
            }));
        }
        return instance;
    }

    public String url() {
        return "redis://127.0.0.1:" + server.port();
    }

    public void pause() {
        signal("-STOP");
    }

    public void resume() {
        signal("-CONT");
    }

    /** Redis writes its pid file into its data directory (see EmbeddedRedisServer). */
    private long pid() {
        try {
            return Long.parseLong(Files.readString(dir.resolve("redis.pid")).trim());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void signal(String signal) {
        try {
            Process kill = new ProcessBuilder("kill", signal, String.valueOf(pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill " + signal + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
