package dev.flashsale.infra.problem;

import java.util.Map;

/**
 * A client-visible failure with its problem type. Thrown (or emitted as a Mono error) by any
 * feature and rendered as {@code application/problem+json} by {@link ProblemHandler}.
 * Expected outcomes like sold-out are frequent under load, so no stack trace is captured.
 */
public class ApiException extends RuntimeException {

    private final ProblemType type;
    private final Map<String, Object> properties;
    private final long retryAfterSeconds;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
        this(type, detail, properties, 0);
    }

    private ApiException(ProblemType type, String detail, Map<String, Object> properties, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.type = type;
        this.properties = properties;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A 429 or 503 the client may retry: answered with a {@code Retry-After} header of whole seconds (at least 1). */
    public static ApiException retryLater(ProblemType type, String detail, long retryAfterSeconds) {
        return new ApiException(type, detail, Map.of(), Math.max(1, retryAfterSeconds));
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

    /** Seconds for the {@code Retry-After} header, or 0 for none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
