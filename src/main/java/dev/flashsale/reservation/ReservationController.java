package dev.flashsale.reservation;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.ratelimit.ClientIp;
import dev.flashsale.ratelimit.RateLimitScope;
import dev.flashsale.ratelimit.RateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import reactor.core.publisher.Mono;

@RestController
class ReservationController {

    private final Reservations reservations;
    private final Checkout checkout;
    private final RateLimiter rateLimiter;

    ReservationController(Reservations reservations, Checkout checkout, RateLimiter rateLimiter) {
        this.reservations = reservations;
        this.checkout = checkout;
        this.rateLimiter = rateLimiter;
    }

    record ReserveRequest(@NotNull @Min(1) Integer quantity) {
    }

    record CheckoutRequest(@NotNull Marketplace marketplace) {
    }

    @Operation(summary = "Hold units of a sale for 10 minutes (the cart)")
    @PostMapping("/api/sales/{saleId}/reservations")
    Mono<ResponseEntity<ReservationView>> reserve(@PathVariable long saleId,
            @Validated @RequestBody ReserveRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey,
            @AuthenticationPrincipal Jwt shopper, ServerHttpRequest http) {
        return rateLimiter.check(RateLimitScope.RESERVE, saleId, shopper.getSubject(), ClientIp.of(http))
                .then(reservations.reserve(saleId, shopper.getSubject(), request.quantity(), idempotencyKey))
                .map(view -> ResponseEntity.created(URI.create("/api/reservations/" + view.id())).body(view));
    }

    @Operation(summary = "The caller's active holds")
    @GetMapping("/api/cart")
    Mono<List<ReservationView>> cart(@AuthenticationPrincipal Jwt shopper) {
        return reservations.cart(shopper.getSubject());
    }

    @GetMapping("/api/reservations/{id}")
    Mono<ReservationView> get(@PathVariable String id, @AuthenticationPrincipal Jwt shopper) {
        return reservations.get(shopper.getSubject(), id);
    }

    @Operation(summary = "Cancel a hold; its units go back to the sale")
    @DeleteMapping("/api/reservations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> release(@PathVariable String id, @AuthenticationPrincipal Jwt shopper, ServerHttpRequest http) {
        return HoldId.saleOf(id)
                .map(saleId -> rateLimiter.check(RateLimitScope.RELEASE, saleId, shopper.getSubject(), ClientIp.of(http)))
                .orElse(Mono.empty())
                .then(reservations.release(shopper.getSubject(), id));
    }

    @Operation(summary = "Where to pay for a hold (Coupang or Kurly product page with a tracking parameter)")
    @PostMapping("/api/reservations/{id}/checkout")
    Mono<Checkout.Redirect> checkout(@PathVariable String id, @Validated @RequestBody CheckoutRequest request,
            @AuthenticationPrincipal Jwt shopper) {
        return checkout.start(shopper.getSubject(), id, request.marketplace());
    }
}
