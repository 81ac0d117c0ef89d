package dev.flashsale.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;

import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Not a test: prints how fast the ledger applies a burst of 20,000 reservations and how far it
 * lags meanwhile. Run: {@code ./mvnw -Pbench verify -Dtest=LedgerBenchmark}
 */
@Tag("benchmark")
class LedgerBenchmark extends LedgerTestSupport {

    @Autowired
    MeterRegistry registry;
    @Autowired
    LedgerConsumer consumer;

    @Autowired
    LedgerProperties props;

    /** The ledger's own pace: reservations pile up while the consumer is stopped, then it drains them. */
    private void backlogThroughput(WebClient http, List<String> tokens) {
        long saleId = openSale(tokens.size(), 1);
        consumer.stop();
        Flux.fromIterable(tokens).flatMap(token -> http.post().uri("/api/sales/{id}/reservations", saleId)
                .headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}")
                .exchangeToMono(r -> r.releaseBody()), 128).blockLast();
        long start = System.nanoTime();
        consumer.start();
        drained(saleId, Duration.ofMinutes(5));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("[ledger] backlog of %,d events applied in %.2f s: %,.0f events/s (batches of %d)%n",
                tokens.size(), seconds, tokens.size() / seconds, props.batchSize());
    }

    @Test
    void burstOfTwentyThousandReservations() {
        int attempts = 20_000;
        long saleId = openSale(attempts, 1);
        List<String> tokens = Flux.range(0, attempts).map(i -> newShopperToken()).collectList().block();
        WebClient http = WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.builder("bench")
                        .maxConnections(128).pendingAcquireMaxCount(-1).build()))).build();
        List<Double> lagSamples = Collections.synchronizedList(new ArrayList<>());
        Disposable sampler = Flux.interval(Duration.ofMillis(100))
                .subscribe(i -> lagSamples.add(registry.get("flashsale.ledger.lag").gauge().value()));

        long start = System.nanoTime();
        java.util.Map<Integer, Long> statuses = Flux.fromIterable(tokens).flatMap(token -> http.post()
                .uri("/api/sales/{id}/reservations", saleId)
                .headers(h -> h.setBearerAuth(token)).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}")
                .exchangeToMono(r -> r.releaseBody().thenReturn(r.statusCode().value()))
                .onErrorReturn(-1), 128)
                .collect(java.util.stream.Collectors.groupingBy(s -> s, java.util.stream.Collectors.counting())).block();
        long granted = statuses.getOrDefault(201, 0L);
        double burstSeconds = (System.nanoTime() - start) / 1e9;
        drained(saleId, Duration.ofMinutes(5));
        double drainedSeconds = (System.nanoTime() - start) / 1e9;
        sampler.dispose();

        List<Double> sorted = new ArrayList<>(lagSamples);
        Collections.sort(sorted);
        double p99 = sorted.isEmpty() ? 0 : sorted.get((int) Math.ceil(0.99 * sorted.size()) - 1);
        double max = sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1);
        System.out.printf("%n[ledger] %,d reservations granted in %.1f s over HTTP; ledger drained %.1f s after the first;"
                + " %,.0f events/s applied end to end; lag p99 %.2f s, max %.2f s (gauge sampled every 100 ms, refreshed every %d s)%n",
                granted, burstSeconds, drainedSeconds, granted / drainedSeconds, p99, max,
                LedgerConsumer.HOUSEKEEPING_EVERY.toSeconds());
        System.out.println("[ledger] answers by status (-1 = client-side error): " + statuses);
        backlogThroughput(http, tokens.subList(0, 5_000));
        System.out.println("[ledger] reconciliation: " + reconciliation(saleId));
    }
}
