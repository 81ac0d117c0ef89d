package dev.flashsale.catalog;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.time.Duration;
import java.util.List;

import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemMapping;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.infra.web.ClientIp;
import dev.flashsale.infra.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

/**
 * The public sale routes, read by every shopper's page during a spike: functional routes (no
 * annotated-handler resolution per request), answered from the in-memory catalog and one Redis read.
 */
@Configuration(proxyBeanMethods = false)
class SaleRoutes {

    private static final ParameterizedTypeReference<ServerSentEvent<StockView>> STOCK_EVENT = new ParameterizedTypeReference<>() {
    };
    private static final Duration STREAM_RETRY = Duration.ofSeconds(10);
    private static final ParameterizedTypeReference<List<SaleView>> SALE_LIST = new ParameterizedTypeReference<>() {
    };

    @Bean
    @RouterOperations({
            @RouterOperation(path = "/api/sales/stream", method = RequestMethod.GET, operation = @Operation(operationId = "stockStream",
                    summary = "Server-sent events: every live sale's stock, then each change (event `stock`)",
                    responses = {@ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = StockView.class))),
                            @ApiResponse(responseCode = "503", description = "Too many open streams (per address or in total)")})),
            @RouterOperation(path = "/api/sales", method = RequestMethod.GET, operation = @Operation(operationId = "listSales",
                    summary = "Live and upcoming sales with remaining units",
                    parameters = @Parameter(in = ParameterIn.QUERY, name = "includeEnded", schema = @Schema(type = "boolean")),
                    responses = @ApiResponse(responseCode = "200",
                            content = @Content(array = @ArraySchema(schema = @Schema(implementation = SaleView.class)))))),
            @RouterOperation(path = "/api/sales/{saleId}", method = RequestMethod.GET, operation = @Operation(operationId = "getSale",
                    summary = "One sale", parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = SaleView.class))))),
            @RouterOperation(path = "/api/sales/{saleId}/stock", method = RequestMethod.GET, operation = @Operation(operationId = "saleStock",
                    summary = "Live stock counters of one sale", parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
                    responses = @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = StockView.class)))))})
    RouterFunction<ServerResponse> saleApi(SaleQueries queries, StockFeed feed, StreamSlots slots) {
        return RouterFunctions.route()
                .route(GET("/api/sales/stream"), request -> stream(request, feed, slots))
                .route(GET("/api/sales"), request -> ServerResponse.ok().body(
                        queries.list(request.queryParam("includeEnded").map(Boolean::parseBoolean).orElse(false)), SALE_LIST))
                .route(GET("/api/sales/{saleId}"), request -> queries.get(Requests.longPath(request, "saleId"))
                        .flatMap(view -> ServerResponse.ok().bodyValue(view)))
                .route(GET("/api/sales/{saleId}/stock"), request -> queries.stock(Requests.longPath(request, "saleId"))
                        .flatMap(view -> ServerResponse.ok().bodyValue(view)))
                .filter(ProblemMapping.ROUTES)
                .build();
    }

    /** Over a cap the page gets a 503 to retry later, before any event is sent. */
    private static Mono<ServerResponse> stream(ServerRequest request, StockFeed feed, StreamSlots slots) {
        Runnable release = slots.tryAcquire(ClientIp.of(request.exchange().getRequest()));
        if (release == null) {
            return Mono.error(ApiException.retryLater(ProblemType.SERVICE_UNAVAILABLE,
                    "Too many open stock streams; try again shortly.", STREAM_RETRY));
        }
        return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                .body(feed.events().doFinally(signal -> release.run()), STOCK_EVENT)
                .doOnCancel(release).doOnError(e -> release.run());
    }
}
