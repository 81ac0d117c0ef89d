package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.domain.Range;

import dev.flashsale.reservation.SaleKeys;
import dev.flashsale.support.TestServers;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;

/**
 * Issue 11 item 1, the restart path: Redis comes back from an AOF that lost a confirm (the paid hold HELD
 * again, already past its deadline) and every client reconnects. Expiry must wait until the repair pass of
 * that reconnection has made the hold CONFIRMED again; otherwise the sweeper expires it first and its unit
 * can be sold to someone else. The repair is held up on purpose (a lock on the reservation table) so that
 * the sweeper has every chance to win the race if nothing stops it.
 */
class ExpiryWaitsForRepairTest extends LedgerTestSupport {

    @Autowired
    ApplicationContext context;

    @Autowired
    RepairGate gate;

    @Test
    void afterARedisReconnectionAPaidHoldRedisLostIsRepairedBeforeAnythingExpires() throws Exception {
        long saleId = openSale(1, 1);
        SaleKeys keys = new SaleKeys(saleId);
        String shopper = "gate-" + UUID.randomUUID();
        String holdId = reserve(saleId, token(shopper));
        webhook("evt-gate-" + holdId, holdId, "PAID").expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> !redis.hasKey(keys.hold(holdId)).block());

        SmartLifecycle sweeper = (SmartLifecycle) context.getBean("expirySweeper");
        TestServers.Endpoints servers = TestServers.get();
        sweeper.stop(); // Redis "down": nothing expires until it is back
        try (Connection lock = DriverManager.getConnection(servers.r2dbcUrl().replace("r2dbc:", "jdbc:"),
                servers.username(), servers.password())) {
            lock.setAutoCommit(false);
            lock.createStatement().execute("lock table reservation in access exclusive mode");
            loseTheConfirm(keys, holdId, shopper, Instant.now().minus(Duration.ofMinutes(11)), Instant.now().minusSeconds(1));
            reconnectEveryClient(servers);
            await().atMost(Duration.ofSeconds(10)).until(() -> !gate.open());
            sweeper.start();

            Thread.sleep(1_500); // seven sweeper ticks while the repair waits for the lock
            assertThat(state(keys, holdId)).as("not expired while the repair cannot finish").isEqualTo("HELD");
            lock.rollback();
        } finally {
            sweeper.start();
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> "CONFIRMED".equals(state(keys, holdId)) || state(keys, holdId) == null);
        await().atMost(Duration.ofSeconds(10)).until(gate::open);
        assertThat(redis.opsForStream().range(keys.events(), Range.unbounded()).collectList().block())
                .as("the paid hold was never expired").noneMatch(e -> "EXPIRED".equals(e.getValue().get("type"))
                        && holdId.equals(e.getValue().get("hold")));
        assertStock(saleId, 0, 0, 1);
    }

    /** What a Redis restart does to the service: every connection drops and Lettuce reconnects. */
    private static void reconnectEveryClient(TestServers.Endpoints servers) {
        RedisClient client = RedisClient.create("redis://" + servers.redisHost() + ":" + servers.redisPort());
        try (var connection = client.connect()) {
            connection.sync().clientKill(KillArgs.Builder.typeNormal().skipme());
        } finally {
            client.shutdown();
        }
    }

    private String state(SaleKeys keys, String holdId) {
        return (String) redis.opsForHash().get(keys.hold(holdId), "state").block();
    }
}
