package dev.flashsale.infra.problem;

import java.io.IOException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.server.HandlerFilterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.r2dbc.spi.R2dbcException;
import reactor.core.publisher.Mono;

/**
 * The one map from an error to its answer, shared by annotated controllers ({@link ProblemHandler})
 * and functional routes ({@link #respond}). Client mistakes are 4xx; only our own faults are 500.
 */
public final class ProblemMapping {

    private static final Logger log = LoggerFactory.getLogger(ProblemMapping.class);

    private ProblemMapping() {
    }

    /**
     * For functional routes: {@code RouterFunctions.route()...filter(ProblemMapping.ROUTES).build()}. Also
     * catches what a handler throws before returning its Mono (a bad path variable, say).
     */
    public static final HandlerFilterFunction<ServerResponse, ServerResponse> ROUTES = (request, next) ->
            Mono.defer(() -> next.handle(request)).onErrorResume(error -> respond(error));

    private static Mono<ServerResponse> respond(Throwable error) {
        ResponseEntity<ProblemDetail> answer = toResponse(error);
        return ServerResponse.status(answer.getStatusCode()).headers(h -> h.addAll(answer.getHeaders()))
                .bodyValue(answer.getBody());
    }

    static ResponseEntity<ProblemDetail> toResponse(Throwable error) {
        if (error instanceof ApiException e) {
            ResponseEntity.BodyBuilder answer = answer(e.type().status());
            if (e.retryAfter() != null) {
                answer.header("Retry-After", String.valueOf(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
            }
            return answer.body(Problems.of(e.type(), e.getMessage(), e.properties()));
        }
        if (error instanceof RedisCommandTimeoutException || error instanceof RedisConnectionException
                || error instanceof DataAccessResourceFailureException || error instanceof QueryTimeoutException
                || error instanceof IOException // a store's connection reset or closed mid-command
                // a future-backed Redis command cancelled under a deadline: seen from Lettuce's cluster client during
                // a Redis Cluster failover, answered 500 before (docs/performance.md)
                || error instanceof java.util.concurrent.CancellationException
                || RedisBusy.refused(error)) {
            // under overload thousands of these arrive at once: one line each, no stack trace
            log.warn("Answered 503, a backing store is unavailable: {}", error.toString());
            return answer(ProblemType.SERVICE_UNAVAILABLE.status()).header("Retry-After", "1")
                    .body(Problems.of(ProblemType.SERVICE_UNAVAILABLE, "Please try again in a moment."));
        }
        if (error instanceof OptimisticLockingFailureException) {
            return of(ProblemType.VERSION_CONFLICT, "The resource was changed by someone else; reload it and apply your change again.");
        }
        if (unstorableText(error)) {
            return of(ProblemType.INVALID_REQUEST, "The request contains characters that cannot be stored (such as NUL).");
        }
        if (error instanceof DataIntegrityViolationException e) {
            log.info("Rejected write violating a constraint: {}", e.getMostSpecificCause().getMessage());
            return of(ProblemType.INVALID_REQUEST, "The request conflicts with existing data.");
        }
        if (error instanceof DataBufferLimitException) { // a functional route reading a body over the codecs' limit
            return of(ProblemType.CONTENT_TOO_LARGE, "The request body is larger than this service accepts.");
        }
        if (error instanceof ServerWebInputException e) {
            return of(ProblemType.INVALID_REQUEST, e.getReason() != null ? e.getReason() : "The request could not be read.");
        }
        if (error instanceof ResponseStatusException e) {
            ProblemType type = forStatus(e.getStatusCode());
            return type != null ? of(type, e.getReason() != null ? e.getReason() : type.title())
                    : answer(e.getStatusCode()).body(ProblemDetail.forStatusAndDetail(e.getStatusCode(), e.getReason()));
        }
        log.error("Unhandled error", error);
        return of(ProblemType.INTERNAL_ERROR, "Something went wrong on our side.");
    }

    /**
     * Postgres refused a text value for its characters: NUL (22021) or one its encoding lacks
     * (22P05). Always the request's data, whatever the translated exception says (bad grammar).
     */
    private static boolean unstorableText(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            if (e instanceof R2dbcException r2dbc && ("22021".equals(r2dbc.getSqlState()) || "22P05".equals(r2dbc.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /** Our slug for a framework error's status (404 route, 405, 413, 415, ...), or null to keep the framework's. */
    static ProblemType forStatus(HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ProblemType.INVALID_REQUEST;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.CONTENT_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
    }

    private static ResponseEntity<ProblemDetail> of(ProblemType type, String detail) {
        return answer(type.status()).body(Problems.of(type, detail, Map.of()));
    }

    private static ResponseEntity.BodyBuilder answer(HttpStatusCode status) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
