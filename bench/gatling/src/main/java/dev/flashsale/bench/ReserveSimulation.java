package dev.flashsale.bench;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.http.HttpDsl.header;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.regex;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * Open model: {@code rate} new shoppers a second for {@code seconds}, whatever the service answers.
 * Each virtual user is one shopper with its own token and its own connection (Gatling gives every
 * virtual user its own connection pool), sends one reserve and leaves. The plan is set by
 * {@link BenchMain} before Gatling instantiates this class in the same JVM.
 */
public class ReserveSimulation extends Simulation {

    record Plan(String baseUrl, String path, List<String> tokens, double rate, int seconds, Samples samples) {
    }

    static volatile Plan plan;

    public ReserveSimulation() {
        Plan p = plan;
        AtomicInteger next = new AtomicInteger();
        Iterator<Map<String, Object>> shoppers = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return Map.of("token", p.tokens().get(next.getAndIncrement() % p.tokens().size()));
            }
        };
        HttpProtocolBuilder protocol = http.baseUrl(p.baseUrl())
                .disableWarmUp()
                .disableCaching()
                .contentTypeHeader("application/json")
                .acceptHeader("application/json, application/problem+json")
                .userAgentHeader("flash-sale-bench");
        ScenarioBuilder shopper = scenario("reserve")
                .feed(shoppers)
                .exec(http("reserve").post(p.path())
                        .header("Authorization", "Bearer #{token}")
                        .body(StringBody("{\"quantity\":1}"))
                        .check(status().saveAs("status"),
                                responseTimeInMillis().saveAs("rt"),
                                header("Retry-After").optional().saveAs("retryAfter"),
                                regex("\"type\"\\s*:\\s*\"[^\"]*/([a-z-]+)\"").optional().saveAs("slug")))
                .exec(session -> {
                    int status = session.contains("status") ? session.getInt("status") : 0;
                    int rt = session.contains("rt") ? session.getInt("rt") : 0;
                    p.samples().record(System.currentTimeMillis(), rt, status,
                            session.contains("slug") ? session.getString("slug") : null, session.contains("retryAfter"));
                    return session;
                });
        setUp(shopper.injectOpen(constantUsersPerSec(p.rate()).during(Duration.ofSeconds(p.seconds()))))
                .protocols(protocol);
    }
}
