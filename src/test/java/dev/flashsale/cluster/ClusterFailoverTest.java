package dev.flashsale.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.reservation.SaleKeys;
import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.LocalRedisCluster;
import dev.flashsale.support.TestServers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * A master of the Redis Cluster killed (SIGKILL) in the middle of a burst of reserves on a sale it
 * serves: its replica is promoted, the service answers again, and nothing is oversold. Replication
 * is asynchronous, so a grant acknowledged in the last moments before the kill may be missing on the
 * promoted replica: counted and printed as lost, never double-granted (docs/operations.md).
 */
@EnabledIfSystemProperty(named = TestServers.CLUSTER_PROPERTY, matches = "true")
class ClusterFailoverTest extends IntegrationTest {

    private static final int UNITS = 300;
    private static final int REQUESTS = 900;
    private static final int KILL_AFTER_GRANTS = 60;

    private record Attempt(String token, String key) {
    }

    @Test
    void killingTheSaleMasterMidBurstOversellsNothingAndTheServiceAnswersAgain() {
        LocalRedisCluster cluster = TestServers.cluster();
        long saleId = openSale(UNITS, 1);
        LocalRedisCluster.Node master = cluster.masterOf(new SaleKeys(saleId).stock());
        WebClient http = pooledWebClient(16);

        Map<String, String> grants = new ConcurrentHashMap<>(); // hold id -> owner's token
        Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
        List<Attempt> unanswered = new java.util.concurrent.CopyOnWriteArrayList<>();
        AtomicBoolean killed = new AtomicBoolean();
        long[] killedAt = new long[1];
        AtomicLong lastRefusedAt = new AtomicLong();

        Flux.range(0, REQUESTS).flatMap(i -> {
            Attempt attempt = new Attempt(newShopperToken(), "burst-" + i);
            return reserve(http, saleId, attempt).doOnNext(response -> {
                statuses.computeIfAbsent(response.getStatusCode().value(), s -> new AtomicLong()).incrementAndGet();
                if (response.getStatusCode().value() == 201) {
                    grants.put(response.getBody().get("id").asString(), attempt.token());
                    if (grants.size() >= KILL_AFTER_GRANTS && killed.compareAndSet(false, true)) {
                        killedAt[0] = System.nanoTime();
                        cluster.kill(master);
                    }
                } else if (response.getStatusCode().is5xxServerError()) {
                    assertThat(response.getHeaders().getFirst("Retry-After")).as("a 503 says when to retry").isNotNull();
                    unanswered.add(attempt);
                    lastRefusedAt.accumulateAndGet(System.nanoTime(), Math::max);
                }
            });
        }, 16).blockLast(Duration.ofMinutes(3));
        assertThat(killed).as("the master was killed mid-burst").isTrue();

        // the service answers again once the replica is promoted and the client has the new slot map
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() ->
                reserve(http, saleId, new Attempt(newShopperToken(), null)).block().getStatusCode().value() != 503);
        double refusingSeconds = Math.max(0, lastRefusedAt.get() - killedAt[0]) / 1e9;

        // the unanswered retry with their Idempotency-Key: the same hold if their script ran, else a new try
        for (Attempt attempt : unanswered) {
            ResponseEntity<JsonNode> retry = reserve(http, saleId, attempt).block();
            if (retry.getStatusCode().value() == 201) {
                grants.put(retry.getBody().get("id").asString(), attempt.token());
            }
        }

        JsonNode stock = client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        long available = stock.get("available").asLong();
        long held = stock.get("held").asLong();
        long sold = stock.get("sold").asLong();
        long surviving = grants.entrySet().stream().filter(g -> holdExists(http, g.getKey(), g.getValue())).count();
        System.out.printf("failover: %s, statuses %s, grants %d, surviving %d, lost %d, held %d, available %d,"
                        + " last 503 %.1f s after the kill%n", master.address(), statuses, grants.size(), surviving,
                grants.size() - surviving, held, available, refusingSeconds);

        assertThat(available + held + sold).as("conservation").isEqualTo(UNITS);
        assertThat(available).isGreaterThanOrEqualTo(0);
        assertThat(surviving).as("every granted hold still in Redis is counted, none twice").isLessThanOrEqualTo(held + sold);
        assertThat(held + sold).as("no oversell").isLessThanOrEqualTo(UNITS);
        assertThat(cluster.masterOf(new SaleKeys(saleId).stock())).as("a replica took over").isNotEqualTo(master);

        cluster.restart(master); // back as a replica, for the test classes after this one
    }

    private Mono<ResponseEntity<JsonNode>> reserve(WebClient http, long saleId, Attempt attempt) {
        return http.post().uri("/api/sales/{id}/reservations", saleId)
                .headers(h -> {
                    h.setBearerAuth(attempt.token());
                    if (attempt.key() != null) {
                        h.set("Idempotency-Key", attempt.key());
                    }
                })
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}")
                .exchangeToMono(response -> response.toEntity(JsonNode.class))
                .onErrorResume(e -> Mono.just(ResponseEntity.status(HttpStatusCode.valueOf(599)).build()))
                .publishOn(Schedulers.boundedElastic());
    }

    private boolean holdExists(WebClient http, String holdId, String token) {
        return http.get().uri("/api/reservations/{id}", holdId).headers(h -> h.setBearerAuth(token))
                .exchangeToMono(response -> Mono.just(response.statusCode().value() == 200)).block();
    }
}
