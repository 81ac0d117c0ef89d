package dev.flashsale.marketplace;

import java.time.Duration;

/**
 * A failed marketplace call, typed so callers decide without parsing messages: retry, back off
 * for the quota, or give up. No stack trace: these are expected during an outage and frequent.
 */
public class MarketplaceException extends RuntimeException {

    public enum Reason {
        /** The provider said 429 or its quota code: do not retry before {@link #retryAfter()}. */
        RATE_LIMITED(false),
        /** Our own client-side limiter refused the call to stay below the provider's quota. */
        THROTTLED(false),
        /** The circuit breaker is open after repeated failures. */
        CIRCUIT_OPEN(false),
        UNAUTHORIZED(false),
        FORBIDDEN(false),
        BAD_REQUEST(false),
        UNAVAILABLE(true),
        TIMEOUT(true),
        MALFORMED(false);

        private final boolean transientFailure;

        Reason(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Marketplace marketplace;
    private final Reason reason;
    private final String providerCode;
    private final Duration retryAfter;

    public MarketplaceException(Marketplace marketplace, Reason reason, String providerCode, String message,
            Duration retryAfter) {
        super(marketplace + " " + reason + (providerCode == null ? "" : " (" + providerCode + ")") + ": " + message,
                null, false, false);
        this.marketplace = marketplace;
        this.reason = reason;
        this.providerCode = providerCode;
        this.retryAfter = retryAfter;
    }

    public Marketplace marketplace() {
        return marketplace;
    }

    public Reason reason() {
        return reason;
    }

    public String providerCode() {
        return providerCode;
    }

    /** How long the provider asked us to wait, or null when it did not say. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public static boolean isTransient(Throwable e) {
        return e instanceof MarketplaceException m && m.reason.isTransient();
    }
}
