package dev.flashsale.notification;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;


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

import dev.flashsale.infra.problem.ProblemMapping;
import dev.flashsale.infra.web.Requests;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import reactor.core.publisher.Mono;

/** The shopper's own notifications (list and stream) and the operators' dead letters. */
@Configuration(proxyBeanMethods = false)
class NotificationRoutes {

    private static final ParameterizedTypeReference<ServerSentEvent<NotificationView>> EVENT = new ParameterizedTypeReference<>() {
    };
    private static final int DEAD_LETTERS_SHOWN = 200;

    @Bean
    @RouterOperations({
            @RouterOperation(path = "/api/me/notifications", method = RequestMethod.GET, operation = @Operation(
                    operationId = "myNotifications", summary = "The caller's newest notifications, newest first",
                    responses = @ApiResponse(responseCode = "200",
                            content = @Content(array = @ArraySchema(schema = @Schema(implementation = NotificationView.class)))))),
            @RouterOperation(path = "/api/me/notifications/stream", method = RequestMethod.GET, operation = @Operation(
                    operationId = "myNotificationStream",
                    summary = "Server-sent events `notification` as they happen; with Last-Event-ID, the stored ones after it first",
                    responses = {@ApiResponse(responseCode = "200", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE,
                            schema = @Schema(implementation = NotificationView.class))),
                            @ApiResponse(responseCode = "503", description = "Too many open streams (per shopper or in total)")})),
            @RouterOperation(path = "/admin/api/notifications/dead-letters", method = RequestMethod.GET, operation = @Operation(
                    operationId = "notificationDeadLetters", summary = "Notifications the outbound channel never took, newest first"))})
    RouterFunction<ServerResponse> notificationApi(NotificationStore store, NotificationStream stream, OutboundQueue queue,
            NotificationProperties props) {
        return RouterFunctions.route()
                .route(GET("/api/me/notifications/stream"), request -> stream(request, stream))
                .route(GET("/api/me/notifications"), request -> Requests.shopper(request)
                        .flatMap(shopper -> store.latest(shopper, props.listSize()).collectList())
                        .flatMap(list -> ServerResponse.ok().bodyValue(list)))
                .route(GET("/admin/api/notifications/dead-letters"), request -> queue.deadLetters(DEAD_LETTERS_SHOWN)
                        .flatMap(list -> ServerResponse.ok().bodyValue(list)))
                .filter(ProblemMapping.ROUTES)
                .build();
    }

    /** Over a cap the client gets a 503 to retry later, before any event is sent. */
    private static Mono<ServerResponse> stream(ServerRequest request, NotificationStream stream) {
        String lastEventId = request.headers().firstHeader("Last-Event-ID");
        return Requests.shopper(request).flatMap(shopper -> {
            Runnable release = stream.acquire(shopper);
            return ServerResponse.ok().contentType(MediaType.TEXT_EVENT_STREAM)
                    .body(stream.events(shopper, lastEventId).doFinally(signal -> release.run()), EVENT)
                    .doOnCancel(release).doOnError(e -> release.run());
        });
    }
}
