package dev.flashsale.ledger;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.catalog.SaleQueries;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

@RestController
class ReconciliationController {

    private final Reconciliation reconciliation;
    private final OperatorRepair repair;
    private final SaleQueries sales;

    ReconciliationController(Reconciliation reconciliation, OperatorRepair repair, SaleQueries sales) {
        this.reconciliation = reconciliation;
        this.repair = repair;
        this.sales = sales;
    }

    @Operation(summary = "Apply the ledger's CONFIRMED to Redis where Redis lost a confirmed payment: a dry run"
            + " listing what would change unless apply=true (then repaired and audited)")
    @PostMapping("/admin/api/sales/{saleId}/repair")
    Mono<OperatorRepair.Report> repair(@PathVariable long saleId, @RequestParam(defaultValue = "false") boolean apply) {
        return sales.sale(saleId).flatMap(sale -> repair.run(sale.id(), apply));
    }

    @Operation(summary = "Compare a sale's Redis counters and holds with the ledger (meaningful once streamDrained)")
    @GetMapping("/admin/api/sales/{saleId}/reconciliation")
    Mono<Reconciliation.Report> reconcile(@PathVariable long saleId) {
        return sales.sale(saleId).flatMap(reconciliation::reconcile);
    }
}
