package dev.flashsale.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;

import org.springframework.test.context.DynamicPropertyRegistry;

import dev.flashsale.infra.embedded.EmbeddedRedisServer;

/**
 * A Redis server of one test class's own, that its tests may stop and restart without disturbing the
 * Redis the suite shares. Started on first use; the class closes it after its tests ({@code @AfterAll}).
 */
public final class OwnRedis implements AutoCloseable {

    private final String name;
    private EmbeddedRedisServer server;

    public OwnRedis(String name) {
        this.name = name;
    }

    public synchronized EmbeddedRedisServer server() {
        if (server == null) {
            try {
                server = EmbeddedRedisServer.start(Files.createTempDirectory("flashsale-" + name + "-"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return server;
    }

    /** Points the test context at this server (a URL wins over the shared one's host and port), with a 1 s timeout. */
    public void register(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + server().port());
        registry.add("spring.data.redis.timeout", () -> "1s");
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
        }
    }
}
