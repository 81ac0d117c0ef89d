package dev.flashsale.reservation;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import java.net.URI;
import java.util.List;

import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemMapping;
import dev.flashsale.infra.web.ClientIp;
import dev.flashsale.infra.web.Requests;
import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.ratelimit.RateLimitScope;
import dev.flashsale.ratelimit.RateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

/**
 * The shopper's cart API as functional routes: the reserve is the hottest call of a sale, so it
 * skips annotated-handler resolution and bean validation, and checks its two fields by hand.
 */
@Configuration(proxyBeanMethods = false)
class ReservationRoutes {

    private static final ParameterizedTypeReference<List<ReservationView>> VIEWS = new ParameterizedTypeReference<>() {
    };

    record ReserveRequest(Integer quantity) {
    }

    record CheckoutRequest(Marketplace marketplace) {
    }

    @Bean
    @RouterOperations({
            @RouterOperation(path = "/api/sales/{saleId}/reservations", method = RequestMethod.POST, operation = @Operation(
                    operationId = "reserve", summary = "Hold units of a sale for 10 minutes (the cart)",
                    parameters = {@Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                            @Parameter(in = ParameterIn.HEADER, name = "Idempotency-Key", description = "1-100 of A-Z a-z 0-9 _ . -"),
                            @Parameter(in = ParameterIn.HEADER, name = ReserveGate.ADMISSION_HEADER,
                                    description = "The waiting room's admission token; required while the sale's room is enabled")},
                    requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = ReserveRequest.class))),
                    responses = @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = ReservationView.class))))),
            @RouterOperation(path = "/api/cart", method = RequestMethod.GET, operation = @Operation(operationId = "cart",
                    summary = "The caller's active holds", responses = @ApiResponse(responseCode = "200",
                            content = @Content(array = @ArraySchema(schema = @Schema(implementation = ReservationView.class)))))),
            @RouterOperation(path = "/api/reservations/{id}", method = RequestMethod.GET, operation = @Operation(operationId = "reservation",
                    summary = "One of the caller's reservations", parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = ReservationView.class))))),
            @RouterOperation(path = "/api/reservations/{id}", method = RequestMethod.DELETE, operation = @Operation(operationId = "release",
                    summary = "Cancel a hold; its units go back to the sale", parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true),
                    responses = @ApiResponse(responseCode = "204"))),
            @RouterOperation(path = "/api/reservations/{id}/checkout", method = RequestMethod.POST, operation = @Operation(operationId = "checkout",
                    summary = "Where to pay for a hold (Coupang or Kurly product page with a tracking parameter)",
                    parameters = @Parameter(in = ParameterIn.PATH, name = "id", required = true),
                    requestBody = @RequestBody(content = @Content(schema = @Schema(implementation = CheckoutRequest.class))),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Checkout.Redirect.class)))))})
    RouterFunction<ServerResponse> reservationApi(Reservations reservations, Checkout checkout, RateLimiter limits,
            ObjectProvider<ReserveGate> gates) {
        ReserveGate gate = gates.getIfAvailable(() -> ReserveGate.OPEN);
        return RouterFunctions.route()
                .route(POST("/api/sales/{saleId}/reservations"), request -> reserve(request, reservations, limits, gate))
                .route(GET("/api/cart"), request -> Requests.shopper(request)
                        .flatMap(reservations::cart).flatMap(views -> ServerResponse.ok().body(Mono.just(views), VIEWS)))
                .route(GET("/api/reservations/{id}"), request -> Requests.shopper(request)
                        .flatMap(shopper -> reservations.get(shopper, request.pathVariable("id")))
                        .flatMap(view -> ServerResponse.ok().bodyValue(view)))
                .route(DELETE("/api/reservations/{id}"), request -> release(request, reservations, limits))
                .route(POST("/api/reservations/{id}/checkout"), request -> checkout(request, checkout))
                .filter(ProblemMapping.ROUTES)
                .build();
    }

    private static Mono<ServerResponse> reserve(ServerRequest request, Reservations reservations, RateLimiter limits,
            ReserveGate gate) {
        long saleId = Requests.longPath(request, "saleId");
        String idempotencyKey = request.headers().firstHeader("Idempotency-Key");
        return Requests.shopper(request).zipWith(Requests.body(request, ReserveRequest.class))
                .flatMap(call -> reservations.reserve(saleId, call.getT1(), quantity(call.getT2()), idempotencyKey,
                        Mono.defer(() -> limits.check(RateLimitScope.RESERVE, saleId, call.getT1(), clientIp(request))
                                .then(gate.check(saleId, call.getT1(), request.headers().firstHeader(ReserveGate.ADMISSION_HEADER),
                                        idempotencyKey)))))
                .flatMap(view -> ServerResponse.created(URI.create("/api/reservations/" + view.id())).bodyValue(view));
    }

    /** An id that names no sale skips the limiter: it is a 404 that touches nothing. */
    private static Mono<ServerResponse> release(ServerRequest request, Reservations reservations, RateLimiter limits) {
        String id = request.pathVariable("id");
        return Requests.shopper(request)
                .flatMap(shopper -> HoldId.saleOf(id)
                        .map(saleId -> limits.check(RateLimitScope.RELEASE, saleId, shopper, clientIp(request)))
                        .orElse(Mono.empty())
                        .then(reservations.release(shopper, id)))
                .then(ServerResponse.noContent().build());
    }

    private static String clientIp(ServerRequest request) {
        return ClientIp.of(request.remoteAddress().orElse(null));
    }

    private static Mono<ServerResponse> checkout(ServerRequest request, Checkout checkout) {
        String id = request.pathVariable("id");
        return Requests.shopper(request).zipWith(Requests.body(request, CheckoutRequest.class))
                .flatMap(call -> {
                    if (call.getT2().marketplace() == null) {
                        return Mono.error(ApiException.invalidField("marketplace", "must not be null"));
                    }
                    return checkout.start(call.getT1(), id, call.getT2().marketplace());
                })
                .flatMap(redirect -> ServerResponse.ok().bodyValue(redirect));
    }

    /** The same messages bean validation gave for {@code @NotNull @Min(1)}. */
    private static int quantity(ReserveRequest body) {
        if (body.quantity() == null) {
            throw ApiException.invalidField("quantity", "must not be null");
        }
        if (body.quantity() < 1) {
            throw ApiException.invalidField("quantity", "must be greater than or equal to 1");
        }
        return body.quantity();
    }
}
