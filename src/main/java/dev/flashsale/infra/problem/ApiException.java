package dev.flashsale.infra.problem;

import java.time.Duration;

import java.util.Map;

/**
 * A client-visible failure with its problem type. Thrown (or emitted as a Mono error) by any
 * feature and rendered as {@code application/problem+json} by {@link ProblemMapping}.
 * Expected outcomes like sold-out are frequent under load, so no stack trace is captured.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;
    private final Duration retryAfter;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
        this(type, detail, properties, null);
    }

    private ApiException(ProblemType type, String detail, Map<String, Object> properties, Duration retryAfter) {
        super(detail, null, false, false);
        this.type = type;
        this.properties = properties;
        this.retryAfter = retryAfter;
    }

    /** A refusal the client should repeat later (429, 503): answered with a {@code Retry-After} header. */
    public static ApiException retryLater(ProblemType type, String detail, Duration retryAfter) {
        return retryLater(type, detail, Map.of(), retryAfter);
    }

    public static ApiException retryLater(ProblemType type, String detail, Map<String, Object> properties, Duration retryAfter) {
        return new ApiException(type, detail, properties, retryAfter);
    }

    /** 400 invalid-request naming one field, shaped like the framework's validation errors. */
    public static ApiException invalidField(String field, String message) {
        return new ApiException(ProblemType.INVALID_REQUEST, "Some fields are invalid.",
                Map.of("errors", java.util.List.of(Map.of("field", field, "message", message))));
    }

    public ProblemType type() {
        return type;
    }

    public Map<String, Object> properties() {
        return properties;
    }

    /** When to retry, or null when retrying the same request cannot help. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
