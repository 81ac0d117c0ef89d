package dev.flashsale.ledger;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.flashsale.infra.audit.AuditTrail;
import dev.flashsale.reservation.Hold;
import dev.flashsale.reservation.Holds;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The operator's repair ({@code POST /admin/api/sales/{id}/repair}): the ledger's CONFIRMED applied to
 * Redis where Redis lost a confirmed payment. A dry run (the default) lists what would change and
 * changes nothing; an applied run repairs through the same idempotent script as the background repair
 * ({@link PaidHoldRepair}) and writes an audit entry when it changed something.
 */
@Component
class OperatorRepair {

    /** One paid hold Redis disagrees on: its Redis state, and what the repair did or would do. */
    record Item(String holdId, String shopper, String redisState, String outcome) {
    }

    record Report(long saleId, boolean applied, List<Item> holds) {
    }

    private final PaidHoldRepair repair;
    private final Holds holds;
    private final AuditTrail audit;

    OperatorRepair(PaidHoldRepair repair, Holds holds, AuditTrail audit) {
        this.repair = repair;
        this.holds = holds;
        this.audit = audit;
    }

    Mono<Report> run(long saleId, boolean apply) {
        Flux<Item> items = repair.candidates(saleId).concatMap(paid -> holds.find(paid.holdId())
                .filter(hold -> hold.status() != dev.flashsale.reservation.ReservationStatus.CONFIRMED)
                .flatMap(hold -> !apply ? Mono.just(item(paid, hold, "WOULD_REPAIR"))
                        : holds.repairConfirmed(saleId, paid.holdId(), paid.shopper(), paid.paymentRef())
                                .map(outcome -> item(paid, hold, outcome.name()))));
        return items.collectList().map(list -> new Report(saleId, apply, list))
                .flatMap(report -> apply && !report.holds().isEmpty()
                        ? audit.record("sale.repair", "sale/" + saleId, null, report).thenReturn(report)
                        : Mono.just(report));
    }

    private static Item item(PaidHoldRepair.Paid paid, Hold hold, String outcome) {
        return new Item(paid.holdId(), paid.shopper(), hold.status().name(), outcome);
    }
}
