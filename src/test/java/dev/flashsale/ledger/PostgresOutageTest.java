package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.flashsale.support.TestServers;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Postgres goes away in the middle of a stream of reservations. Shoppers keep reserving (the
 * reserve path never touches Postgres); afterwards the ledger catches up with no event lost. A
 * payment reported while Postgres is down gets a retryable 5xx, and the marketplace's retry then
 * confirms it durably.
 */
class PostgresOutageTest extends LedgerTestSupport {

    @AfterEach
    void postgresIsBack() {
        TestServers.startPostgres();
    }

    @Test
    void ledgerCatchesUpAfterAnOutageWithoutLosingAnEvent() throws Exception {
        long saleId = openSale(1_000, 1);
        AtomicInteger granted = new AtomicInteger();
        Sinks.Empty<Void> stop = Sinks.empty();
        // every reservation is asserted (201) on this chain: a failure ends it and fails the future below
        CompletableFuture<Void> shoppers = Flux.interval(Duration.ofMillis(100))
                .onBackpressureDrop()
                .takeUntilOther(stop.asMono())
                .concatMap(i -> Mono.fromRunnable(() -> {
                    reserve(saleId, newShopperToken());
                    granted.incrementAndGet();
                }).subscribeOn(Schedulers.boundedElastic()))
                .then().toFuture();
        awaitGranted(granted, 20, shoppers);
        int beforeOutage = granted.get();

        TestServers.stopPostgres();
        awaitGranted(granted, beforeOutage + 100, shoppers); // reservations keep working without Postgres
        int duringOutage = granted.get() - beforeOutage;
        TestServers.startPostgres();
        awaitGranted(granted, granted.get() + 20, shoppers);
        stop.tryEmitEmpty();
        shoppers.get(30, TimeUnit.SECONDS);

        assertThat(duringOutage).as("reservations granted while Postgres was down").isGreaterThanOrEqualTo(100);
        JsonNode report = drained(saleId, Duration.ofSeconds(60));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
        assertThat(ledgerEvents(saleId)).isEqualTo(granted.get());
        assertThat(report.get("ledger").get("held").asLong()).isEqualTo(granted.get());
    }

    @Test
    void aPaymentReportedWhilePostgresIsDownGetsA5xxAndItsRetryConfirmsDurably() {
        long saleId = openSale(10, 1);
        String id = reserve(saleId, newShopperToken());
        drained(saleId, Duration.ofSeconds(10));

        TestServers.stopPostgres();
        webhook("evt-outage-" + id, id, "PAID").expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/service-unavailable");
        TestServers.startPostgres();

        // the marketplace retries the same delivery until it is acknowledged
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> webhook("evt-outage-" + id, id, "PAID").returnResult(String.class).getStatus().value() != 503);
        webhook("evt-outage-" + id, id, "PAID").expectStatus().isOk()
                .expectBody().jsonPath("$.result").isEqualTo("CONFIRMED");
        assertThat(reservationRow(id)).containsEntry("status", "CONFIRMED")
                .containsEntry("payment_ref", "COUPANG:CP-evt-outage-" + id);
        JsonNode report = drained(saleId, Duration.ofSeconds(30));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("redis").get("sold").asLong()).isEqualTo(1);
        assertThat(report.get("redis").get("held").asLong()).isZero();
    }

    /** Waits until {@code count} reservations were granted, failing at once if the shoppers' chain failed. */
    private static void awaitGranted(AtomicInteger granted, int count, CompletableFuture<Void> shoppers) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (shoppers.isCompletedExceptionally()) {
                shoppers.join();
            }
            return granted.get() >= count;
        });
    }
}
