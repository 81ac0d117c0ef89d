package dev.flashsale.reservation;

import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.catalog.SaleTotals;
import dev.flashsale.catalog.StockLevel;
import dev.flashsale.infra.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import reactor.core.publisher.Mono;

@RestController
class StockAdminController {

    private final StockEngine engine;
    private final SaleStock saleStock;
    private final SaleQueries sales;
    private final SaleTotals totals;

    StockAdminController(StockEngine engine, SaleStock saleStock, SaleQueries sales, SaleTotals totals) {
        this.engine = engine;
        this.saleStock = saleStock;
        this.sales = sales;
        this.totals = totals;
    }

    /** Recreates the sale's live state from the ledger if Redis lost it (no-op otherwise). */
    @Operation(summary = "Rebuild a sale's Redis state from the ledger if it is missing")
    @PostMapping("/admin/api/sales/{saleId}/rebuild")
    Mono<StockLevel> rebuild(@PathVariable long saleId) {
        return sales.sale(saleId).flatMap(sale -> saleStock.ensureLive(sale))
                .then(engine.stock(java.util.List.of(saleId)))
                .map(levels -> levels.get(saleId));
    }

    record AdjustRequest(@NotNull @Min(-10_000_000) @Max(10_000_000) Long delta) {
    }

    /**
     * Redis is changed first because it is the live truth; the catalog row follows. Should that
     * second write fail, reconciliation reports the difference and the next adjustment corrects it.
     */
    @Operation(summary = "Add units to a sale (delta > 0) or remove available ones (delta < 0)")
    @PostMapping("/admin/api/sales/{saleId}/stock")
    Mono<StockLevel> adjust(@PathVariable long saleId, @Validated @RequestBody AdjustRequest request,
            @AuthenticationPrincipal Jwt admin) {
        if (request.delta() == 0) {
            return Mono.error(ApiException.invalidField("delta", "must not be 0"));
        }
        return sales.sale(saleId)
                .flatMap(sale -> saleStock.ensureLive(sale).then(engine.adjust(saleId, request.delta(), admin.getSubject())))
                .flatMap(reply -> switch (reply.code()) {
                    case OK -> totals.record(saleId, reply.stock().total()).thenReturn(reply.stock());
                    case NOT_ENOUGH_AVAILABLE -> Mono.error(new ApiException(reply.code().problem(),
                            "Only " + reply.available() + " units are available to remove; held and sold units stay.",
                            Map.of("available", reply.available())));
                    default -> Mono.error(new IllegalStateException("Unexpected adjust reply " + reply.code()));
                });
    }
}
