package dev.flashsale.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.TestServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A Redis that restarts (or fails over) comes back with the notification flags of its own
 * configuration and drops every connection; the service re-enables expired-key events when its
 * connections come back, not only at start-up.
 */
class ExpiredNotificationsAfterReconnectTest extends IntegrationTest {

    private static final String PARAMETER = "notify-keyspace-events";

    @Test
    void expiredKeyEventsAreEnabledAgainWhenTheConnectionsComeBack() {
        TestServers.Endpoints servers = TestServers.get();
        RedisClient admin = RedisClient.create(RedisURI.create(servers.redisHost(), servers.redisPort()));
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            client().get().uri("/api/sales").exchange().expectStatus().isOk(); // the service is up and connected
            redis.configSet(PARAMETER, "");
            redis.clientKill(io.lettuce.core.KillArgs.Builder.typeNormal().skipme());
            redis.clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(redis.configGet(PARAMETER).get(PARAMETER)).contains("E").contains("x"));
        } finally {
            try (StatefulRedisConnection<String, String> connection = admin.connect()) {
                connection.sync().configSet(PARAMETER, "Ex");
            }
            admin.shutdown();
        }
    }
}
