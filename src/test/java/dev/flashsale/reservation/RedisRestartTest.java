package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;
import dev.flashsale.infra.embedded.EmbeddedRedisServer;
import io.lettuce.core.RedisURI;

/** A real Redis process restarted between two calls: scripts reload, AOF keeps the counters. */
class RedisRestartTest {

    @TempDir
    Path dir;

    @Test
    void nextCallAfterARestartReloadsScriptsAndSeesPersistedStock() throws Exception {
        try (EmbeddedRedisServer server = EmbeddedRedisServer.start(dir);
                EngineFixture redis = new EngineFixture(RedisURI.create("127.0.0.1", server.port()))) {
            Sale sale = redis.openSale(10, 5);
            assertThat(redis.reserve(sale, "a", 2, "", 600_000).code()).isEqualTo(ScriptCode.OK);
            redis.sync.bgrewriteaof();
            Thread.sleep(1_200); // appendfsync everysec: let the last write reach the file

            server.restart();

            assertThat(redis.reserve(sale, "b", 1, "", 600_000).code()).isEqualTo(ScriptCode.OK);
            assertThat(redis.stock(sale)).isEqualTo(new StockLevel(7, 3, 0, 10));
        }
    }
}
