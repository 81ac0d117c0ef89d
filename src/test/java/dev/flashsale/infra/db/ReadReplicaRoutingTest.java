package dev.flashsale.infra.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.recommendation.profile.ProfileStore;
import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.SecondInstance;
import dev.flashsale.support.StreamingReplica;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

/**
 * Staleness-tolerant reads come from a real streaming replica of the test Postgres; writes and read-your-writes
 * paths stay on the primary. The replica's replay is paused to make it lag on purpose: what a replica-backed read
 * cannot see then, it did not read from the primary.
 */
class ReadReplicaRoutingTest extends IntegrationTest {

    @Autowired
    ReadOnlyDatabase reads;
    @Autowired
    DatabaseClient primary;
    @Autowired
    ProfileStore profiles;
    @Autowired
    MeterRegistry registry;

    @BeforeAll
    static void needsTheEmbeddedPostgres() {
        Assumptions.assumeTrue(StreamingReplica.possible(), "a replica is made of the embedded test Postgres only");
    }

    @DynamicPropertySource
    static void replica(DynamicPropertyRegistry registry) {
        registry.add("flashsale.r2dbc.replica.url", () -> StreamingReplica.get().r2dbcUrl());
        registry.add("flashsale.r2dbc.replica.retry-after", () -> "1s");
    }

    @Test
    void replicaReadsRunOnAStandbyAndTheRestOnThePrimary() {
        assertThat(reads.read(db -> inRecovery(db)).block()).as("pg_is_in_recovery() through the replica path").isTrue();
        assertThat(inRecovery(primary).block()).as("pg_is_in_recovery() on the primary").isFalse();
        assertThat(StreamingReplica.get().stateOnPrimary()).isEqualTo("streaming");
    }

    @Test
    void whileTheReplicaLagsItsReadsMissANewRowThatThePrimaryPathSeesAtOnce() {
        StreamingReplica replica = StreamingReplica.get();
        replica.pauseReplay();
        long productId;
        long notificationId;
        long alertId;
        String eventId = "replica-" + System.nanoTime();
        String shopper = "replica-shopper-" + System.nanoTime();
        try {
            productId = createProduct(10_000).get("id").asLong();
            primary.sql("insert into late_payment (marketplace, event_id, reservation_id, sale_id, hold_status) "
                    + "values ('COUPANG', :e, 'r-1', 1, 'EXPIRED')").bind("e", eventId).then().block();
            putProfile(shopper, "서울");
            notificationId = primary.sql("insert into notification (source, shopper, type, sale_id, title, message, "
                    + "created_at, next_attempt_at, outbound_state) values (:source, :shopper, 'OFFER', 1, 't', 'm', now(), "
                    + "now(), 'DEAD') returning id").bind("source", eventId).bind("shopper", shopper)
                    .map(row -> row.get("id", Long.class)).one().block();
            alertId = primary.sql("insert into marketplace_price_alert (product_id, marketplace, reason, marketplace_price, "
                    + "observed_at) values (:product, 'COUPANG', 'PRICE_DROP', 1, now()) returning id")
                    .bind("product", productId).map(row -> row.get("id", Long.class)).one().block();

            // read-your-writes paths: on the primary, so the writes are there at once
            client().get().uri("/admin/api/products/{id}", productId).headers(h -> h.setBearerAuth(adminToken()))
                    .exchange().expectStatus().isOk();
            assertThat(profile(shopper).get("region").asString()).isEqualTo("서울");
            // replica-backed reads: the paused replica has none of them yet
            assertThat(auditActions(productId)).isEmpty();
            assertThat(latePaymentEvents()).doesNotContain(eventId);
            assertThat(profiles.findForRanking(shopper).block().region()).isNull();
            assertThat(ids("/api/me/notifications", token(shopper))).doesNotContain(notificationId);
            assertThat(ids("/admin/api/notifications/dead-letters", adminToken())).doesNotContain(notificationId);
            assertThat(ids("/admin/api/marketplace/price-alerts", adminToken())).doesNotContain(alertId);
        } finally {
            replica.resumeReplay();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(auditActions(productId)).containsExactly("product.create");
            assertThat(latePaymentEvents()).contains(eventId);
            assertThat(profiles.findForRanking(shopper).block().region()).isEqualTo("서울");
            assertThat(ids("/api/me/notifications", token(shopper))).contains(notificationId);
            assertThat(ids("/admin/api/notifications/dead-letters", adminToken())).contains(notificationId);
            assertThat(ids("/admin/api/marketplace/price-alerts", adminToken())).contains(alertId);
        });
    }

    @Test
    void withTheReplicaDownItsReadsFallBackToThePrimaryWritesGoOnAndOnlyItsHealthSaysSo() {
        StreamingReplica replica = StreamingReplica.get();
        double fallbacksBefore = registry.counter("flashsale.db.replica.fallbacks").count();
        replica.stop();
        try {
            String shopper = "replica-down-" + System.nanoTime();
            long notificationId = primary.sql("insert into notification (source, shopper, type, sale_id, title, message, "
                    + "created_at, next_attempt_at, outbound_state) values (:shopper, :shopper, 'OFFER', 1, 't', 'm', now(), "
                    + "now(), 'SENT') returning id").bind("shopper", shopper)
                    .map(row -> row.get("id", Long.class)).one().block();
            // the first read after the stop tries the replica (a list of rows: readMany), then the primary
            assertThat(ids("/api/me/notifications", token(shopper))).containsExactly(notificationId);
            long productId = createProduct(10_000).get("id").asLong();
            assertThat(auditActions(productId)).as("served by the primary").containsExactly("product.create");
            assertThat(registry.counter("flashsale.db.replica.fallbacks").count()).isGreaterThan(fallbacksBefore);
            assertThat(reads.read(db -> inRecovery(db)).block()).as("on the primary meanwhile").isFalse();
            assertThat(component("replica")).isEqualTo("DOWN");
            assertThat(component("r2dbc")).isEqualTo("UP");
            client().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        } finally {
            replica.start();
            // back on the replica within retry-after (1 s here), for the next test too
            await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(component("replica")));
            await().atMost(Duration.ofSeconds(10)).until(() -> reads.read(db -> inRecovery(db)).block());
        }
    }

    @Test
    void anInstanceStartsWithItsReplicaUnreachableAndServesThoseReadsFromThePrimary() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort(); // free once closed: nothing listens there
        }
        try (var instance = SecondInstance.start("flashsale.r2dbc.replica.url=r2dbc:postgresql://127.0.0.1:" + closedPort
                + "/postgres")) {
            WebTestClient other = client().mutate().baseUrl("http://127.0.0.1:" + SecondInstance.port(instance)).build();
            long productId = createProduct(10_000).get("id").asLong();
            other.get().uri("/admin/api/audit?target=product/{id}", productId).headers(h -> h.setBearerAuth(adminToken()))
                    .exchange().expectStatus().isOk().expectBody().jsonPath("$[0].action").isEqualTo("product.create");
            other.get().uri("/actuator/health").headers(h -> h.setBearerAuth(adminToken())).exchange()
                    .expectBody().jsonPath("$.components.replica.status").isEqualTo("DOWN")
                    .jsonPath("$.components.r2dbc.status").isEqualTo("UP");
            other.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        }
    }

    private static reactor.core.publisher.Mono<Boolean> inRecovery(DatabaseClient db) {
        return db.sql("select pg_is_in_recovery() as standby").map(row -> row.get("standby", Boolean.class)).one();
    }

    private List<String> auditActions(long productId) {
        JsonNode entries = client().get().uri("/admin/api/audit?target=product/{id}", productId)
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return entries.valueStream().map(e -> e.get("action").asString()).toList();
    }

    /** The ids of a list answer (newest first, so a new row is within its page). */
    private List<Long> ids(String uri, String token) {
        JsonNode list = client().get().uri(uri).headers(h -> h.setBearerAuth(token)).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        return list.valueStream().map(item -> item.get("id").asLong()).toList();
    }

    private List<String> latePaymentEvents() {
        JsonNode payments = client().get().uri("/admin/api/late-payments").headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        return payments.valueStream().map(p -> p.get("eventId").asString()).toList();
    }

    private void putProfile(String shopper, String region) {
        client().put().uri("/api/me/profile").headers(h -> h.setBearerAuth(token(shopper)))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("region", region))
                .exchange().expectStatus().isOk();
    }

    private JsonNode profile(String shopper) {
        return client().get().uri("/api/me/profile").headers(h -> h.setBearerAuth(token(shopper))).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private String component(String name) {
        JsonNode health = client().get().uri("/actuator/health").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        JsonNode component = health.path("components").path(name);
        return component.isMissingNode() ? "MISSING" : component.path("status").asString();
    }
}
