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

    public ApiException(ProblemType type, String detail) {
        this(type, detail, Map.of());
    }

    public ApiException(ProblemType type, String detail, Map<String, Object> properties) {
        super(detail, null, false, false);
        this.type = type;
        this.properties = properties;
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
}
