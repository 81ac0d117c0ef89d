package dev.flashsale.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import dev.flashsale.infra.lifecycle.Jobs;
import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.TestServers;
import tools.jackson.databind.JsonNode;

/** {@code GET /admin/api/jobs}: every background job's last run, failures, lag, and whether it is stale. */
@TestPropertySource(properties = {"flashsale.jobs.stale-at-least=1s", "flashsale.jobs.publish-every=500ms"})
class JobStatusTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    Jobs jobs;

    @Test
    void everyJobOfThisInstanceIsListedWithItsLastPass() {
        JsonNode sweeper = await().atMost(Duration.ofSeconds(10)).until(() -> job("expiry-sweep"),
                j -> j != null && j.get("passes").asLong() > 0);
        assertThat(sweeper.get("state").asString()).isEqualTo("OK");
        assertThat(sweeper.get("periodMillis").asLong()).isEqualTo(200);
        assertThat(sweeper.get("lastFinishedAt").isNull()).isFalse();
        assertThat(sweeper.get("lagMillis").isNumber()).as("the sweeper reports its lag").isTrue();
        for (String job : new String[] {"ledger-feed", "reconciliation", "repair-of-paid-holds", "ended-sale-cleanup",
                "catalog-reload", "behaviour-write", "recommendation-model-refresh", "job-status"}) {
            assertThat(await().atMost(Duration.ofSeconds(40)).until(() -> job(job), j -> j != null)).as(job).isNotNull();
        }
    }

    @Test
    void aStoppedJobTurnsStaleAndRecoversWhenStarted() {
        SmartLifecycle sweeper = (SmartLifecycle) context.getBean("expirySweeper");
        await().atMost(Duration.ofSeconds(10)).until(() -> job("expiry-sweep"), j -> j != null && "OK".equals(state(j)));
        sweeper.stop();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> state(job("expiry-sweep")), "STALE"::equals);
        } finally {
            sweeper.start();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> state(job("expiry-sweep")), "OK"::equals);
    }

    @Test
    void withPostgresDownTheLedgerFeedShowsFailuresAndGrowingLag() {
        long saleId = openSale(10, 10);
        TestServers.stopPostgres();
        try {
            reserve(saleId); // an event the ledger cannot apply while Postgres is down
            JsonNode feed = await().atMost(Duration.ofSeconds(30)).until(() -> job("ledger-feed"),
                    j -> "FAILING".equals(state(j)) && j.get("lagMillis").asLong() > 0);
            assertThat(feed.get("consecutiveFailures").asLong()).isPositive();
            assertThat(feed.get("lastError").asString()).isNotBlank();
        } finally {
            TestServers.startPostgres();
        }
        JsonNode recovered = await().atMost(Duration.ofSeconds(60)).until(() -> job("ledger-feed"),
                j -> "OK".equals(state(j)));
        assertThat(recovered.get("consecutiveFailures").asLong()).isZero();
    }

    @Test
    void theJobListIsForAdminsOnly() {
        client().get().uri("/admin/api/jobs").headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isForbidden();
        client().get().uri("/admin/api/jobs").exchange().expectStatus().isUnauthorized();
    }

    private void reserve(long saleId) {
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange()
                .expectStatus().isCreated();
    }

    /** This instance's entry for a job, as the admin API lists it; null when not (yet) listed. */
    private JsonNode job(String id) {
        JsonNode instances = client().get().uri("/admin/api/jobs").headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        return StreamSupport.stream(instances.spliterator(), false)
                .filter(i -> i.get("instance").asString().equals(jobs.instance()))
                .flatMap(i -> StreamSupport.stream(i.get("jobs").spliterator(), false))
                .filter(j -> j.get("job").asString().equals(id))
                .findFirst().orElse(null);
    }

    private static String state(JsonNode job) {
        return job == null ? null : job.get("state").asString();
    }
}
