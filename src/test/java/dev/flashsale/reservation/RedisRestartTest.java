package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

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
            // appendfsync is everysec: rewrite the AOF and wait until the rewrite is done, so the
            // counters are in the file before the restart whatever the timing
            redis.sync.bgrewriteaof();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).until(() -> {
                String info = redis.sync.info("persistence");
                return info.contains("aof_rewrite_in_progress:0") && info.contains("aof_rewrite_scheduled:0")
                        && info.contains("aof_last_bgrewrite_status:ok");
            });

            server.restart();

            assertThat(redis.reserve(sale, "b", 1, "", 600_000).code()).isEqualTo(ScriptCode.OK);
            assertThat(redis.stock(sale)).isEqualTo(new StockLevel(7, 3, 0, 10));
        }
    }
}
