package dev.flashsale.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.support.IntegrationTest;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

class StockFeedTest extends IntegrationTest {

    @Test
    void streamsEveryLiveSaleThenItsChanges() {
        long saleId = openSale(5, 1);
        WebClient web = WebClient.create("http://127.0.0.1:" + port);

        // the reservation is made only once the sale's first event has arrived, however long that took
        List<StockView> events = web.get().uri("/api/sales/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<StockView>>() { })
                .filter(e -> "stock".equals(e.event()) && e.data() != null && e.data().saleId() == saleId)
                .map(ServerSentEvent::data)
                .index()
                .concatMap(indexed -> indexed.getT1() == 0
                        ? Mono.fromRunnable(() -> reserveOne(saleId)).subscribeOn(Schedulers.boundedElastic())
                                .thenReturn(indexed.getT2())
                        : Mono.just(indexed.getT2()))
                .take(2)
                .collectList()
                .timeout(Duration.ofSeconds(30))
                .block();

        assertThat(events.get(0).available()).isEqualTo(5);
        assertThat(events.get(0).held()).isZero();
        assertThat(events.get(1).available()).isEqualTo(4);
        assertThat(events.get(1).held()).isEqualTo(1);
    }

    private void reserveOne(long saleId) {
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange()
                .expectStatus().isCreated();
    }
}
