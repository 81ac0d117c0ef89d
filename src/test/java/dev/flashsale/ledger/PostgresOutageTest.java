package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.flashsale.support.TestServers;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Postgres goes away for 30 s in the middle of a stream of reservations. Shoppers keep reserving
 * (the reserve path never touches Postgres); afterwards the ledger catches up with no event lost.
 */
class PostgresOutageTest extends LedgerTestSupport {

    @Test
    void ledgerCatchesUpAfterAThirtySecondOutageWithoutLosingAnEvent() throws Exception {
        long saleId = openSale(1_000, 1);
        AtomicInteger granted = new AtomicInteger();
        Disposable shoppers = Flux.interval(Duration.ofMillis(100))
                .take(Duration.ofSeconds(36))
                .publishOn(Schedulers.boundedElastic())
                .subscribe(i -> {
                    reserve(saleId, newShopperToken());
                    granted.incrementAndGet();
                });
        Thread.sleep(2_000);
        int beforeOutage = granted.get();

        TestServers.stopPostgresFor(Duration.ofSeconds(30));

        int duringOutage = granted.get() - beforeOutage;
        while (!shoppers.isDisposed()) {
            Thread.sleep(200);
        }
        assertThat(duringOutage).as("reservations kept working without Postgres").isGreaterThan(100);
        JsonNode report = drained(saleId, Duration.ofSeconds(60));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
        assertThat(ledgerEvents(saleId)).isEqualTo(granted.get());
        assertThat(report.get("ledger").get("held").asLong()).isEqualTo(granted.get());
    }
}
