package dev.flashsale.ratelimit;

/**
 * What a request is about to do. Each scope has its own buckets (a shopper hammering reserve can
 * still release), the same limits, and its own answer when Redis is unreachable. A new limited
 * endpoint calls {@link RateLimiter#check} with its scope: one line.
 */
public enum RateLimitScope {
    /**
     * Fails closed: without Redis the reserve itself cannot run, so refusing costs nothing, while
     * letting requests through would hand an unlimited burst to the engine the moment Redis returns.
     */
    RESERVE("r", false),
    /**
     * Fails open: a release gives units back and is limited anyway by the holds a shopper can own
     * (the per-shopper limit), so an unreachable limiter must not keep units locked until expiry.
     */
    RELEASE("d", true),
    /** Fails closed, like reserve: a join takes a place in a queue. */
    WAITLIST_JOIN("w", false),
    /** Fails closed, like reserve: a join takes a place in a queue. */
    WAITING_ROOM_JOIN("q", false);

    private final String code;
    private final boolean failOpen;

    RateLimitScope(String code, boolean failOpen) {
        this.code = code;
        this.failOpen = failOpen;
    }

    /** Short prefix of the scope's bucket fields in Redis (fields are per sale, so this stays small). */
    String code() {
        return code;
    }

    /** Whether a request is let through when the limiter cannot reach Redis. */
    boolean failOpen() {
        return failOpen;
    }

    /** Lower-case name used as a metric tag. */
    String tag() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
