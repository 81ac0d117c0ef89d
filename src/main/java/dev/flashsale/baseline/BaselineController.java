package dev.flashsale.baseline;

import java.net.URI;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import reactor.core.publisher.Mono;

/**
 * Same request, response and problems as the real reserve, served by the row-lock baseline; the
 * route exists only when {@code flashsale.baseline.enabled=true} (the benchmark), else it is a 404.
 */
@Hidden
@RestController
@ConditionalOnProperty(name = "flashsale.baseline.enabled", havingValue = "true")
class BaselineController {

    private final BaselineReservations reservations;

    BaselineController(BaselineReservations reservations) {
        this.reservations = reservations;
    }

    record ReserveRequest(@NotNull @Min(1) @Max(10) Integer quantity) {
    }

    @PostMapping("/baseline/sales/{saleId}/reservations")
    Mono<ResponseEntity<BaselineReservations.BaselineHold>> reserve(@PathVariable long saleId,
            @Validated @RequestBody ReserveRequest request, @AuthenticationPrincipal Jwt shopper) {
        return reservations.reserve(saleId, shopper.getSubject(), request.quantity())
                .map(hold -> ResponseEntity.created(URI.create("/baseline/reservations/" + hold.id())).body(hold));
    }

    @GetMapping("/baseline/sales/{saleId}/stock")
    Mono<Map<String, Object>> stock(@PathVariable long saleId) {
        return reservations.stock(saleId);
    }
}
