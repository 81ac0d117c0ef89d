package dev.flashsale.infra.problem;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;

import reactor.core.publisher.Mono;

/**
 * Renders every error of the annotated controllers as RFC 9457 problem details with a stable
 * {@link ProblemType} slug: framework errors here, everything else through {@link ProblemMapping}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    /** Our own exceptions and the stores' failures; the framework's own go through the overrides below. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> problem(Exception e) {
        return ProblemMapping.toResponse(e);
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
        return Mono.just(cast(ProblemMapping.toResponse(e)));
    }

    /** Framework errors (404 route, 405, 415, ...) keep their status and get our slug. */
    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, ServerWebExchange exchange) {
        ProblemType type = ProblemMapping.forStatus(status);
        // a ResponseStatusException (413 from the codecs, say) arrives without a body: take its own
        Object problemBody = body == null && ex instanceof ErrorResponse error ? error.getBody() : body;
        if (type != null && problemBody instanceof ProblemDetail problem) {
            problem.setType(type.uri());
            problem.setTitle(type.title());
        }
        return super.handleExceptionInternal(ex, problemBody, headers, status, exchange);
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static ResponseEntity<Object> cast(ResponseEntity<ProblemDetail> entity) {
        return (ResponseEntity) entity;
    }
}
