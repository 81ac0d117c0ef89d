package dev.flashsale.ledger;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.catalog.SaleQueries;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

@RestController
class ReconciliationController {

    private final Reconciliation reconciliation;
    private final SaleQueries sales;

    ReconciliationController(Reconciliation reconciliation, SaleQueries sales) {
        this.reconciliation = reconciliation;
        this.sales = sales;
    }

    @Operation(summary = "Compare a sale's Redis counters and holds with the ledger (meaningful once streamDrained)")
    @GetMapping("/admin/api/sales/{saleId}/reconciliation")
    Mono<Reconciliation.Report> reconcile(@PathVariable long saleId) {
        return sales.sale(saleId).flatMap(reconciliation::reconcile);
    }
}
