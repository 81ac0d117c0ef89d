package dev.flashsale.admin;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springdoc.core.annotations.RouterOperation;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemMapping;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.infra.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The operator console's page ({@code /admin}) and its live monitor ({@code GET /admin/api/sales/{id}/live}). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AdminProperties.class)
class ConsoleRoutes {

    private static final ParameterizedTypeReference<ServerSentEvent<LiveView>> LIVE_EVENT = new ParameterizedTypeReference<>() {
    };
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);
    private static final Duration RETRY = Duration.ofSeconds(5);
    private static final ClassPathResource CONSOLE = new ClassPathResource("static/admin/index.html");

    @Bean
    @RouterOperation(path = "/admin/api/sales/{saleId}/live", method = RequestMethod.GET, operation = @Operation(
            operationId = "liveSale", summary = "Server-sent events `live` every second: stock, reserves per second by"
                    + " outcome (all instances), sell-out time, restore delay p99; a keep-alive comment every 15 s",
            parameters = @Parameter(in = ParameterIn.PATH, name = "saleId", required = true),
            responses = {@ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                    schema = @Schema(implementation = LiveView.class))),
                    @ApiResponse(responseCode = "404", description = "No such sale"),
                    @ApiResponse(responseCode = "503", description = "live-max-streams monitors already open here")}))
    RouterFunction<ServerResponse> liveApi(SaleQueries sales, LiveMonitor monitor, AdminProperties props) {
        AtomicInteger open = new AtomicInteger();
        return RouterFunctions.route()
                .route(GET("/admin/api/sales/{saleId}/live"), request -> live(request, sales, monitor, open,
                        props.liveMaxStreams()))
                .filter(ProblemMapping.ROUTES)
                .build();
    }

    /** {@code /admin} and {@code /admin/}: the page itself; its scripts and styles are static under /admin/console/. */
    @Bean
    RouterFunction<ServerResponse> consolePage() {
        return RouterFunctions.route(GET("/admin").or(GET("/admin/")),
                request -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(CONSOLE));
    }

    /** An unknown sale is a 404 and a full house a 503, both before any event is sent. */
    private static Mono<ServerResponse> live(ServerRequest request, SaleQueries sales, LiveMonitor monitor,
            AtomicInteger open, int max) {
        long saleId = Requests.longPath(request, "saleId");
        return sales.sale(saleId).flatMap(sale -> {
            if (open.incrementAndGet() > max) {
                open.decrementAndGet();
                return Mono.error(ApiException.retryLater(ProblemType.SERVICE_UNAVAILABLE,
                        "Too many live monitors open on this instance; close one or try again shortly.", RETRY));
            }
            AtomicBoolean released = new AtomicBoolean();
            Runnable release = () -> {
                if (released.compareAndSet(false, true)) {
                    open.decrementAndGet();
                }
            };
            Flux<ServerSentEvent<LiveView>> events = Flux.merge(
                    monitor.watch(saleId).map(view -> ServerSentEvent.builder(view).event("live").build()),
                    Flux.interval(KEEP_ALIVE).map(i -> ServerSentEvent.<LiveView>builder().comment("keep-alive").build()));
            return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                    .body(events.doFinally(signal -> release.run()), LIVE_EVENT)
                    .doOnCancel(release).doOnError(e -> release.run());
        });
    }
}
