package dev.flashsale.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import dev.flashsale.reservation.SaleKeys;
import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.LocalRedisCluster;
import dev.flashsale.support.TestServers;
import io.lettuce.core.RedisClient;

/**
 * Sales spread over the slots of a Redis Cluster: one sale on each of the three masters, its keys
 * on that master alone, reserves served there, and holds returned by expired-key events alone (the
 * sweeper is off), which only works if the listener subscribes on every master.
 */
@EnabledIfSystemProperty(named = TestServers.CLUSTER_PROPERTY, matches = "true")
@TestPropertySource(properties = {"flashsale.reservation.hold-duration=2s", "flashsale.reservation.sweeper-enabled=false"})
class ClusterSlotsTest extends IntegrationTest {

    private static final int UNITS = 3;

    @Test
    void salesOnEveryMasterReserveThereAndTheirHoldsExpireThroughTheListener() {
        LocalRedisCluster cluster = TestServers.cluster();
        Map<LocalRedisCluster.Node, Long> saleOn = new LinkedHashMap<>();
        for (int tries = 0; tries < 60 && saleOn.size() < LocalRedisCluster.MASTERS; tries++) {
            long saleId = openSale(UNITS, 1);
            saleOn.putIfAbsent(cluster.masterOf(new SaleKeys(saleId).stock()), saleId);
        }
        assertThat(saleOn).as("a sale on every master").hasSize(LocalRedisCluster.MASTERS);

        saleOn.forEach((master, saleId) -> {
            for (int i = 0; i < UNITS; i++) {
                client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                        .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}")
                        .exchange().expectStatus().isCreated();
            }
            assertThat(keysOf(master, saleId)).as("the sale's keys live on its master").isGreaterThanOrEqualTo(4);
        });

        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                saleOn.values().forEach(saleId -> assertStock(saleId, UNITS, 0, 0)));
    }

    /** How many of the sale's keys the node itself holds (a plain connection: no redirection). */
    private static long keysOf(LocalRedisCluster.Node node, long saleId) {
        RedisClient client = RedisClient.create("redis://" + node.address());
        try (var connection = client.connect()) {
            SaleKeys keys = new SaleKeys(saleId);
            return connection.sync().exists(keys.stock(), keys.deadlines(), keys.users(), keys.events());
        } finally {
            client.shutdown();
        }
    }
}
