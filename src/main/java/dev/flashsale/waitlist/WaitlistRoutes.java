package dev.flashsale.waitlist;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
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
import dev.flashsale.reservation.Waitlists;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

/**
 * The shopper's waitlist API. The line itself is the reservation engine's (Redis, beside the stock,
 * see {@link Waitlists}); this is its HTTP face. Security needs a shopper token for every call here.
 */
@Configuration(proxyBeanMethods = false)
class WaitlistRoutes {

    private static final String PATH = "/api/sales/{saleId}/waitlist";

    @Bean
    @RouterOperations({
            @RouterOperation(path = PATH, method = RequestMethod.POST, operation = @Operation(operationId = "joinWaitlist",
                    summary = "Join a sold-out sale's waitlist (201; 200 with the same entry when already on it)",
                    parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                    responses = {
                            @ApiResponse(responseCode = "201", content = @Content(schema = @Schema(implementation = WaitlistView.class))),
                            @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WaitlistView.class)))})),
            @RouterOperation(path = PATH, method = RequestMethod.GET, operation = @Operation(operationId = "waitlistEntry",
                    summary = "The caller's waitlist entry: position, or the offer to claim with a normal reserve",
                    parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WaitlistView.class))))),
            @RouterOperation(path = PATH, method = RequestMethod.DELETE, operation = @Operation(operationId = "leaveWaitlist",
                    summary = "Leave the waitlist (an open offer passes to the next in line); answers the entry as it was",
                    parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = WaitlistView.class)))))})
    RouterFunction<ServerResponse> waitlistApi(Waitlists waitlists, RateLimiter limits) {
        return RouterFunctions.route()
                .route(POST(PATH), request -> join(request, waitlists, limits))
                .route(GET(PATH), request -> Requests.shopper(request)
                        .flatMap(shopper -> waitlists.entry(saleId(request), shopper)
                                .switchIfEmpty(Mono.error(() -> Waitlists.notOnList(saleId(request)))))
                        .flatMap(entry -> ServerResponse.ok().bodyValue(WaitlistView.of(entry))))
                .route(DELETE(PATH), request -> Requests.shopper(request)
                        .flatMap(shopper -> waitlists.leave(saleId(request), shopper))
                        .flatMap(entry -> ServerResponse.ok().bodyValue(WaitlistView.of(entry))))
                .filter(ProblemMapping.ROUTES)
                .build();
    }

    private static Mono<ServerResponse> join(ServerRequest request, Waitlists waitlists, RateLimiter limits) {
        long saleId = saleId(request);
        return Requests.shopper(request)
                .flatMap(shopper -> limits.check(RateLimitScope.WAITLIST_JOIN, saleId, shopper,
                                ClientIp.of(request.remoteAddress().orElse(null)))
                        .then(waitlists.join(saleId, shopper)))
                .flatMap(joined -> (joined.created() ? ServerResponse.status(201) : ServerResponse.ok())
                        .bodyValue(WaitlistView.of(joined.entry())));
    }

    private static long saleId(ServerRequest request) {
        return Requests.longPath(request, "saleId");
    }
}
