package dev.flashsale.reservation;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of tests that drive the engine directly against the per-JVM test Redis (no Spring context). */
abstract class EngineTest {

    static EngineFixture redis;

    @BeforeAll
    static void connect() {
        redis = new EngineFixture();
    }

    @AfterAll
    static void disconnect() {
        redis.close();
    }
}
