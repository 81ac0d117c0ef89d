package dev.flashsale.recommendation;

import java.time.Clock;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.catalog.SaleQueries;
import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

/**
 * The sale page's view beacon. Answers 202 as soon as the event is queued; the sale lookup is a
 * memory read, so an unknown sale is still a 404 rather than a silently stored typo.
 */
@RestController
class BehaviourController {

    private final SaleQueries sales;
    private final BehaviourRecorder recorder;
    private final Clock clock;

    BehaviourController(SaleQueries sales, BehaviourRecorder recorder, Clock clock) {
        this.sales = sales;
        this.recorder = recorder;
        this.clock = clock;
    }

    @Operation(summary = "Record that the caller viewed a sale (fire and forget)")
    @PostMapping("/api/sales/{saleId}/views")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Mono<Void> viewed(@AuthenticationPrincipal Jwt jwt, @PathVariable long saleId) {
        return sales.sale(saleId)
                .flatMap(sale -> recorder.record(jwt.getSubject(), sale.id(), BehaviourType.VIEW, clock.instant()));
    }
}
