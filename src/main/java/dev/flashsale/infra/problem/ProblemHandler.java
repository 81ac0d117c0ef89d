package dev.flashsale.infra.problem;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import reactor.core.publisher.Mono;

/**
 * Renders every error as RFC 9457 problem details with a stable {@link ProblemType} slug.
 * Client mistakes (bad JSON, failed validation, unknown ids) are 4xx; only our own faults are 500.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e) {
        ProblemDetail problem = Problems.of(e.type(), e.getMessage(), e.properties());
        return e.retryAfterSeconds() > 0 ? retryLater(problem, e.retryAfterSeconds()) : respond(problem);
    }

    @ExceptionHandler(OptimisticLockingFailureException.class)
    ResponseEntity<ProblemDetail> versionConflict(OptimisticLockingFailureException e) {
        return respond(Problems.of(ProblemType.VERSION_CONFLICT,
                "The resource was changed by someone else; reload it and apply your change again."));
    }

    @ExceptionHandler(DataIntegrityViolationException.class)
    ResponseEntity<ProblemDetail> integrity(DataIntegrityViolationException e) {
        log.info("Rejected write violating a constraint: {}", e.getMostSpecificCause().getMessage());
        return respond(Problems.of(ProblemType.INVALID_REQUEST, "The request conflicts with existing data."));
    }

    /**
     * Redis or Postgres too slow or unreachable: a 503 the client may retry, logged in one line
     * (under overload thousands of these arrive at once; stack traces would only add load).
     */
    @ExceptionHandler({io.lettuce.core.RedisCommandTimeoutException.class, io.lettuce.core.RedisConnectionException.class,
            org.springframework.dao.DataAccessResourceFailureException.class,
            org.springframework.dao.QueryTimeoutException.class})
    ResponseEntity<ProblemDetail> unavailable(Exception e) {
        log.warn("Answered 503, a backing store is unavailable: {}", e.toString());
        return retryLater(Problems.of(ProblemType.SERVICE_UNAVAILABLE, "Please try again in a moment."), 1);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        log.error("Unhandled error", e);
        return respond(Problems.of(ProblemType.INTERNAL_ERROR, "Something went wrong on our side."));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(WebExchangeBindException e,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .map(f -> Map.of("field", f.getField(), "message", String.valueOf(f.getDefaultMessage())))
                .toList();
        List<Map<String, String>> global = e.getGlobalErrors().stream()
                .map(g -> Map.of("field", g.getObjectName(), "message", String.valueOf(g.getDefaultMessage())))
                .toList();
        List<Map<String, String>> all = new java.util.ArrayList<>(errors);
        all.addAll(global);
        return Mono.just(cast(respond(Problems.of(ProblemType.INVALID_REQUEST,
                "Some fields are invalid.", Map.of("errors", all)))));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleHandlerMethodValidationException(HandlerMethodValidationException e,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<Map<String, String>> errors = e.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(err -> Map.of(
                        "field", String.valueOf(r.getMethodParameter().getParameterName()),
                        "message", String.valueOf(err.getDefaultMessage()))))
                .toList();
        return Mono.just(cast(respond(Problems.of(ProblemType.INVALID_REQUEST,
                "Some parameters are invalid.", Map.of("errors", errors)))));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(ServerWebInputException e,
            HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        String detail = e.getReason() != null ? e.getReason() : "The request could not be read.";
        return Mono.just(cast(respond(Problems.of(ProblemType.INVALID_REQUEST, detail))));
    }

    /** Framework errors (404 route, 405, 415, ...) keep their status and get our slug. */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        ProblemType type = switch (status.value()) {
            case 400 -> ProblemType.INVALID_REQUEST;
            case 404 -> ProblemType.NOT_FOUND;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            default -> null;
        };
        if (type != null && body instanceof ProblemDetail problem) {
            problem.setType(type.uri());
            problem.setTitle(type.title());
        }
        return super.handleExceptionInternal(ex, body, headers, status, exchange);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static ResponseEntity<ProblemDetail> retryLater(ProblemDetail problem, long seconds) {
        return ResponseEntity.status(problem.getStatus()).header(HttpHeaders.RETRY_AFTER, String.valueOf(seconds))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }
}
