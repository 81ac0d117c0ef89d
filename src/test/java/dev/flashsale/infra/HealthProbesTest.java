package dev.flashsale.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.OwnRedis;
import dev.flashsale.support.TestServers;
import tools.jackson.databind.JsonNode;

/**
 * Readiness follows what the reserve path needs: Redis. Postgres down leaves every pod ready (the
 * trouble shows in the health details, for operators); Redis down takes the pod out. This context has a
 * Redis of its own, so stopping it disturbs no other test.
 */
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class HealthProbesTest extends IntegrationTest {

    private static final OwnRedis REDIS = new OwnRedis("health");

    @DynamicPropertySource
    static void ownRedis(DynamicPropertyRegistry registry) {
        REDIS.register(registry);
    }

    @AfterAll
    static void stopOwnRedis() {
        REDIS.close();
    }

    @Test
    void withPostgresDownThePodStaysReadyAndTheDetailsSaySo() {
        assertThat(probe("readiness")).isEqualTo(200);
        TestServers.stopPostgres();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> "DOWN".equals(component("r2dbc")));
            assertThat(probe("readiness")).as("ready without Postgres").isEqualTo(200);
            assertThat(probe("liveness")).isEqualTo(200);
        } finally {
            TestServers.startPostgres();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(component("r2dbc")));
    }

    @Test
    void withRedisDownThePodIsNotReady() {
        assertThat(probe("readiness")).isEqualTo(200);
        REDIS.server().close();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> probe("readiness") == 503);
            assertThat(probe("liveness")).as("alive: restarting the pod would not bring Redis back").isEqualTo(200);
        } finally {
            REDIS.server().restart();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> probe("readiness") == 200);
    }

    @Test
    void healthDetailsAreForAdminsOnly() {
        JsonNode anonymous = client().get().uri("/actuator/health").exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        assertThat(anonymous.has("components")).isFalse();
        assertThat(component("redis")).isEqualTo("UP");
    }

    private int probe(String name) {
        return client().get().uri("/actuator/health/{probe}", name).exchange().returnResult(String.class)
                .getStatus().value();
    }

    /** A component's status as an operator sees it in /actuator/health. */
    private String component(String name) {
        JsonNode health = client().get().uri("/actuator/health").headers(h -> h.setBearerAuth(adminToken()))
                .exchange().returnResult(JsonNode.class).getResponseBody().blockFirst();
        return health.path("components").path(name).path("status").asString(null);
    }
}
