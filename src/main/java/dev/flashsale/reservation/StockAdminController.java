package dev.flashsale.reservation;

import java.util.Map;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.infra.audit.AuditTrail;
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
    private final AuditTrail audit;

    StockAdminController(StockEngine engine, SaleStock saleStock, SaleQueries sales, SaleTotals totals,
            AuditTrail audit) {
        this.engine = engine;
        this.saleStock = saleStock;
        this.sales = sales;
        this.totals = totals;
        this.audit = audit;
    }

    /** Recreates the sale's live state from the ledger if Redis lost it (no-op otherwise). */
    @Operation(summary = "Rebuild a sale's Redis state from the ledger if it is missing")
    @PostMapping("/admin/api/sales/{saleId}/rebuild")
    Mono<StockLevel> rebuild(@PathVariable long saleId) {
        Mono<java.util.Optional<StockLevel>> live = engine.stock(java.util.List.of(saleId))
                .map(levels -> java.util.Optional.ofNullable(levels.get(saleId)));
        return sales.sale(saleId).flatMap(sale -> live.flatMap(before -> saleStock.ensureLive(sale).then(live)
                .map(java.util.Optional::orElseThrow)
                .flatMap(after -> audit.record("sale.rebuild", "sale/" + saleId, before.orElse(null), after)
                        .thenReturn(after))));
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
                    case OK -> totals.record(saleId, reply.stock().total())
                            .then(audit.record("sale.stock.adjust", "sale/" + saleId,
                                    Map.of("total", reply.stock().total() - request.delta()),
                                    Map.of("delta", request.delta(), "stock", reply.stock())))
                            .thenReturn(reply.stock());
                    case NOT_ENOUGH_AVAILABLE -> Mono.error(new ApiException(reply.code().problem(),
                            "Only " + reply.available() + " units are available to remove; held and sold units stay.",
                            Map.of("available", reply.available())));
                    default -> Mono.error(new IllegalStateException("Unexpected adjust reply " + reply.code()));
                });
    }
}
