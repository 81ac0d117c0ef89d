package dev.flashsale.support;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Where the test suite's Redis and Postgres come from, chosen once per test JVM and logged:
 * <ol>
 * <li>{@link #EXTERNAL}: servers you provide ({@code FLASHSALE_TEST_REDIS_HOST}, {@code FLASHSALE_TEST_R2DBC_URL});</li>
 * <li>{@link #TESTCONTAINERS}: containers, when a Docker engine answers and {@code FLASHSALE_TEST_SERVERS} is not
 * {@code embedded};</li>
 * <li>{@link #EMBEDDED}: the embedded Redis and Postgres binaries (no Docker needed; what CI here uses).</li>
 * </ol>
 * Tests that pause or kill a server of their own (Redis down, Redis paused) start an embedded one whatever this says.
 */
public enum ServerSource {
    EXTERNAL, TESTCONTAINERS, EMBEDDED;

    public static ServerSource choose(Map<String, String> env, BooleanSupplier dockerAvailable) {
        if (env.get("FLASHSALE_TEST_REDIS_HOST") != null || env.get("FLASHSALE_TEST_R2DBC_URL") != null) {
            return EXTERNAL;
        }
        String wanted = env.getOrDefault("FLASHSALE_TEST_SERVERS", "");
        if (wanted.equalsIgnoreCase("embedded")) {
            return EMBEDDED;
        }
        if (wanted.equalsIgnoreCase("testcontainers")) {
            return TESTCONTAINERS; // asked for: fail loudly later rather than silently fall back
        }
        return dockerAvailable.getAsBoolean() ? TESTCONTAINERS : EMBEDDED;
    }
}
