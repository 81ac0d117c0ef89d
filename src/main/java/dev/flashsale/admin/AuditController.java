package dev.flashsale.admin;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.infra.audit.AuditEntry;
import dev.flashsale.infra.audit.AuditTrail;
import dev.flashsale.infra.problem.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

@RestController
class AuditController {

    private static final int MAX_LIMIT = 500;

    private final AuditTrail audit;

    AuditController(AuditTrail audit) {
        this.audit = audit;
    }

    @Operation(summary = "Admin changes, newest first: who, what, before and after, when; optionally of one"
            + " target (product/12, sale/34)")
    @GetMapping("/admin/api/audit")
    Mono<List<AuditEntry>> audit(@RequestParam(required = false) String target,
            @RequestParam(defaultValue = "50") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(ApiException.invalidField("limit", "must be between 1 and " + MAX_LIMIT));
        }
        if (target != null && target.length() > 100) {
            return Mono.error(ApiException.invalidField("target", "must be at most 100 characters"));
        }
        return audit.latest(target, limit);
    }
}
