package dev.flashsale.infra.problem;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every error the API answers, in one place. The slug is the stable end of the problem
 * {@code type} URI: clients (the sale page, load tests) switch on it, so never rename one.
 */
public enum ProblemType {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "unauthorized", "Authentication required"),
    BAD_SIGNATURE(HttpStatus.UNAUTHORIZED, "bad-signature", "Signature missing, wrong or stale"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "forbidden", "Not allowed"),
    CHALLENGE_FAILED(HttpStatus.FORBIDDEN, "challenge-failed", "Bot check failed"),
    ADMISSION_REQUIRED(HttpStatus.FORBIDDEN, "admission-required", "Admission through the waiting room required"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "not-found", "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "method-not-allowed", "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "not-acceptable", "No representation the Accept header allows"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported-media-type", "Unsupported media type"),
    CONTENT_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "content-too-large", "Request body too large"),
    SALE_NOT_FOUND(HttpStatus.NOT_FOUND, "sale-not-found", "Sale not found"),
    PRODUCT_NOT_FOUND(HttpStatus.NOT_FOUND, "product-not-found", "Product not found"),
    RESERVATION_NOT_FOUND(HttpStatus.NOT_FOUND, "reservation-not-found", "Reservation not found"),
    QUEUE_NOT_FOUND(HttpStatus.NOT_FOUND, "queue-not-found", "No waiting room or no ticket"),
    SOLD_OUT(HttpStatus.CONFLICT, "sold-out", "Sold out"),
    LIMIT_EXCEEDED(HttpStatus.CONFLICT, "limit-exceeded", "Per-shopper limit reached"),
    SALE_NOT_ACTIVE(HttpStatus.CONFLICT, "sale-not-active", "Sale is not open"),
    RESERVATION_CLOSED(HttpStatus.CONFLICT, "reservation-closed", "Reservation is no longer held"),
    MARKETPLACE_UNAVAILABLE(HttpStatus.CONFLICT, "marketplace-unavailable", "Product not sold on that marketplace"),
    QUEUE_CLOSED(HttpStatus.CONFLICT, "queue-closed", "The waiting room is not open"),
    VERSION_CONFLICT(HttpStatus.CONFLICT, "version-conflict", "Changed by someone else"),
    REPLAYED(HttpStatus.CONFLICT, "replayed", "Event id already used with different content"),
    STOCK_CONFLICT(HttpStatus.CONFLICT, "stock-conflict", "Stock change not possible"),
    SALE_NOT_SOLD_OUT(HttpStatus.CONFLICT, "sale-not-sold-out", "Units are available: reserve instead"),
    WAITLIST_ENTRY_NOT_FOUND(HttpStatus.NOT_FOUND, "waitlist-entry-not-found", "Not on the waitlist"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "precondition-failed", "Precondition failed"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests"),
    OVERLOADED(HttpStatus.SERVICE_UNAVAILABLE, "overloaded", "At capacity, retry shortly"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Temporarily unavailable"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "internal-error", "Internal error");

    /** Base of every problem type URI; documentation for each slug lives under it. */
    public static final String BASE = "https://flashsale.dev/problems/";

    private final HttpStatus status;
    private final String slug;
    private final String title;
    private final URI uri;

    ProblemType(HttpStatus status, String slug, String title) {
        this.status = status;
        this.slug = slug;
        this.title = title;
        this.uri = URI.create(BASE + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return uri;
    }
}
