package dev.flashsale.catalog;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/sales")
class SaleController {

    private final SaleQueries queries;

    SaleController(SaleQueries queries) {
        this.queries = queries;
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
