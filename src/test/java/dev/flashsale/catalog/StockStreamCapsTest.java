package dev.flashsale.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.support.IntegrationTest;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Open stock streams are capped per client address and in total; beyond, a 503 problem with Retry-After. */
@TestPropertySource(properties = {"flashsale.catalog.stream-max-per-client=2", "flashsale.catalog.stream-max-connections=3"})
class StockStreamCapsTest extends IntegrationTest {

    private final List<Disposable> open = new ArrayList<>();

    @AfterEach
    void closeStreams() {
        open.forEach(Disposable::dispose);
    }

    @Test
    void streamsBeyondTheCapsPerAddressAndInTotalAre503WithRetryAfter() {
        openSale(5, 1);
        WebClient first = from("127.0.0.1");
        WebClient second = from("127.0.0.2");
        Disposable a1 = openStream(first);
        openStream(first);
        refused(first); // a third from the same address
        openStream(second);
        refused(second); // room for this address, but not in total
        a1.dispose();
        awaitStreamAccepted(second); // a closed stream frees its slot
    }

    private WebClient from(String localAddress) {
        HttpClient http = HttpClient.create(ConnectionProvider.newConnection())
                .bindAddress(() -> new InetSocketAddress(localAddress, 0));
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http))
                .baseUrl("http://127.0.0.1:" + port).build();
    }

    /** Opens a stream, waits for its 200 and keeps reading it. */
    private Disposable openStream(WebClient web) {
        var entity = web.get().uri("/api/sales/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().toEntityFlux(String.class).block(Duration.ofSeconds(10));
        assertThat(entity.getStatusCode().value()).isEqualTo(200);
        Disposable stream = entity.getBody().subscribe(e -> { }, e -> { });
        open.add(stream);
        return stream;
    }

    private void refused(WebClient web) {
        var answer = web.get().uri("/api/sales/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("")
                        .map(body -> List.of(String.valueOf(r.statusCode().value()),
                                String.valueOf(r.headers().asHttpHeaders().getFirst("Retry-After")), body)))
                .block(Duration.ofSeconds(10));
        assertThat(answer.get(0)).isEqualTo("503");
        assertThat(answer.get(1)).isEqualTo("10");
        assertThat(answer.get(2)).contains("https://flashsale.dev/problems/service-unavailable");
    }

    private void awaitStreamAccepted(WebClient web) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var status = web.get().uri("/api/sales/stream").accept(MediaType.TEXT_EVENT_STREAM)
                    .retrieve().toEntityFlux(String.class).onErrorResume(e -> reactor.core.publisher.Mono.empty())
                    .block(Duration.ofSeconds(10));
            assertThat(status).isNotNull();
            open.add(status.getBody().subscribe(e -> { }, e -> { }));
            assertThat(status.getStatusCode().value()).isEqualTo(200);
        });
    }
}
