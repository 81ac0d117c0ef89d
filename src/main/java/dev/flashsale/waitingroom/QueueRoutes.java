package dev.flashsale.waitingroom;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;

import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.flashsale.infra.problem.ProblemMapping;
import dev.flashsale.infra.web.ClientIp;
import dev.flashsale.infra.web.Requests;
import dev.flashsale.ratelimit.RateLimitScope;
import dev.flashsale.ratelimit.RateLimiter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

/** The shopper's waiting-room API as functional routes, like the reserve it stands in front of. */
@Configuration(proxyBeanMethods = false)
class QueueRoutes {

    @Bean
    @RouterOperations({
            @RouterOperation(path = "/api/sales/{saleId}/queue", method = RequestMethod.POST, operation = @Operation(
                    operationId = "joinQueue", summary = "Join the sale's waiting room (joining again answers the same ticket)",
                    parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Ticket.class))))),
            @RouterOperation(path = "/api/sales/{saleId}/queue", method = RequestMethod.GET, operation = @Operation(
                    operationId = "queueTicket", summary = "The caller's ticket; polling it keeps the caller's place",
                    parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Ticket.class))))),
            @RouterOperation(path = "/api/sales/{saleId}/queue/draw", method = RequestMethod.GET, operation = @Operation(
                    operationId = "queueDraw", summary = "The pre-queue draw: SHA-256 of the seed from the opening, the seed once drawn",
                    parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = Queue.Draw.class)))))})
    RouterFunction<ServerResponse> queueApi(WaitingRoom room, RateLimiter limits) {
        return RouterFunctions.route()
                .route(POST("/api/sales/{saleId}/queue"), request -> join(request, room, limits))
                .route(GET("/api/sales/{saleId}/queue"), request -> Requests.shopper(request)
                        .flatMap(shopper -> room.ticket(Requests.longPath(request, "saleId"), shopper))
                        .flatMap(ticket -> ServerResponse.ok().bodyValue(ticket)))
                .route(GET("/api/sales/{saleId}/queue/draw"), request -> room.draw(Requests.longPath(request, "saleId"))
                        .flatMap(draw -> ServerResponse.ok().bodyValue(draw)))
                .filter(ProblemMapping.ROUTES)
                .build();
    }

    private static Mono<ServerResponse> join(ServerRequest request, WaitingRoom room, RateLimiter limits) {
        long saleId = Requests.longPath(request, "saleId");
        return Requests.shopper(request)
                .flatMap(shopper -> limits.check(RateLimitScope.WAITING_ROOM_JOIN, saleId, shopper,
                                ClientIp.of(request.remoteAddress().orElse(null)))
                        .then(room.join(saleId, shopper, request.headers().firstHeader(JoinChallenge.HEADER))))
                .flatMap(ticket -> ServerResponse.ok().bodyValue(ticket));
    }
}
