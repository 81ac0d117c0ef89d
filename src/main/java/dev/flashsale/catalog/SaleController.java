package dev.flashsale.catalog;

import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/sales")
class SaleController {

    private final SaleQueries queries;
    private final StockFeed feed;

    SaleController(SaleQueries queries, StockFeed feed) {
        this.queries = queries;
        this.feed = feed;
    }

    @Operation(summary = "Server-sent events: every live sale's stock, then each change (event `stock`)")
    @GetMapping(path = "/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<StockView>> stream() {
        return feed.events();
    }

    @Operation(summary = "Live and upcoming sales with remaining units")
    @GetMapping
    Mono<List<SaleView>> list(@RequestParam(defaultValue = "false") boolean includeEnded) {
        return queries.list(includeEnded);
    }

    @Operation(summary = "One sale")
    @GetMapping("/{saleId}")
    Mono<SaleView> get(@PathVariable long saleId) {
        return queries.get(saleId);
    }

    @Operation(summary = "Live stock counters of one sale")
    @GetMapping("/{saleId}/stock")
    Mono<StockView> stock(@PathVariable long saleId) {
        return queries.stock(saleId);
    }
}
