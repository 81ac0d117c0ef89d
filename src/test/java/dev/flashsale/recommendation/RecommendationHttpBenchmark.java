package dev.flashsale.recommendation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import dev.flashsale.FlashSaleApplication;
import dev.flashsale.recommendation.eval.SyntheticCatalog.Product;
import dev.flashsale.recommendation.eval.SyntheticShop;
import dev.flashsale.support.IntegrationTest;
import dev.flashsale.support.TestServers;
import tools.jackson.databind.json.JsonMapper;

/**
 * End-to-end latency of the two endpoints for 10 items: the service on real (embedded) Redis and
 * Postgres, a synthetic catalogue created through the admin API, synthetic behaviour recorded
 * through {@link BehaviourRecorder}, the model built, then sequential requests from one client on
 * the same 2-core machine. Prints p50/p95/p99; a benchmark, not a test. Command in docs/recommendations.md.
 */
public final class RecommendationHttpBenchmark {

    private static final HttpClient http = HttpClient.newHttpClient();
    private static final JsonMapper json = JsonMapper.builder().build();

    public static void main(String[] args) throws Exception {
        TestServers.Endpoints db = TestServers.get();
        Map<String, Object> props = new HashMap<>(Map.of("server.port", "0", "flashsale.embedded.enabled", "false",
                "flashsale.standalone", "false", "flashsale.demo.enabled", "false",
                "spring.data.redis.host", db.redisHost(), "spring.data.redis.port", db.redisPort(),
                "spring.r2dbc.url", db.r2dbcUrl(), "spring.r2dbc.username", db.username(),
                "spring.r2dbc.password", db.password()));
        props.put("flashsale.security.jwt.secret", IntegrationTest.JWT_SECRET);
        props.put("logging.level.root", "WARN");
        try (ConfigurableApplicationContext app = new SpringApplicationBuilder(FlashSaleApplication.class)
                .properties(props).run()) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            SyntheticShop.World world = SyntheticShop.generate(new SyntheticShop.Config(1500, 400, 60, 14, 42));
            Map<Long, Long> saleOf = seedCatalog(base, world.products());
            BufferedBehaviourRecorder recorder = app.getBean(BufferedBehaviourRecorder.class);
            Instant shift = Instant.now().minus(Duration.ofDays(60));
            long events = 0;
            for (SyntheticShop.Event e : world.events()) {
                Instant at = shift.plus(Duration.between(world.start(), e.at()));
                recorder.record(e.shopperId(), saleOf.get(e.itemId()), e.type(), at).block();
                if (++events % 5_000 == 0) {
                    recorder.flush().block();
                }
            }
            recorder.flush().block();
            app.getBean(ModelRefresher.class).refresh().block();
            // A bulk-loaded table has no planner statistics yet; a live one does (autovacuum).
            app.getBean(DatabaseClient.class).sql("analyze behaviour_event").then().block();

            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                tokens.add(IntegrationTest.token("s" + i));
            }
            List<Long> sales = new ArrayList<>(saleOf.values());
            System.out.printf(Locale.ROOT, "%d sales, %d behaviour events, model of %d products%n", sales.size(),
                    events, app.getBean(ModelRefresher.class).current().size());
            run("GET /api/recommendations?limit=10 (signed in)", 3_000, i -> request(base + "/api/recommendations",
                    tokens.get(i % tokens.size())));
            run("GET /api/recommendations?limit=10 (anonymous)", 3_000, i -> request(base + "/api/recommendations",
                    null));
            run("GET /api/sales/{id}/similar?limit=10", 3_000, i -> request(base + "/api/sales/"
                    + sales.get(ThreadLocalRandom.current().nextInt(sales.size())) + "/similar", null));
        }
        System.exit(0);
    }

    interface Call {
        HttpRequest request(int i);
    }

    private static void run(String what, int n, Call call) throws Exception {
        for (int i = 0; i < n / 2; i++) { // warm-up
            send(call.request(i));
        }
        long[] nanos = new long[n];
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            send(call.request(i));
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-48s p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  (%d requests)%n", what,
                nanos[n / 2] / 1e6, nanos[(int) (n * 0.95)] / 1e6, nanos[(int) (n * 0.99)] / 1e6, n);
    }

    private static void send(HttpRequest request) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
    }

    private static HttpRequest request(String uri, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri + (uri.contains("?") ? "&" : "?") + "limit=10"));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b.GET().build();
    }

    /** One product and one open sale per synthetic product; returns synthetic id to sale id. */
    private static Map<Long, Long> seedCatalog(String base, List<Product> products) throws Exception {
        String admin = IntegrationTest.token("bench-admin", "ADMIN");
        Map<Long, Long> saleOf = new HashMap<>();
        Instant now = Instant.now();
        for (Product p : products) {
            long productId = post(base + "/admin/api/products", admin, Map.of("name", p.item().name(),
                    "category", p.item().category(), "originalPrice", p.price() * 2));
            Instant starts = now.minus(Duration.ofDays(1 + ThreadLocalRandom.current().nextInt(20)));
            saleOf.put(p.item().id(), post(base + "/admin/api/sales", admin, Map.of("productId", productId,
                    "salePrice", p.price(), "totalQuantity", 1_000, "perUserLimit", 2,
                    "startsAt", starts.toString(), "endsAt", now.plus(Duration.ofDays(7)).toString())));
        }
        return saleOf;
    }

    private static long post(String uri, String token, Map<String, Object> body) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(uri))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) {
            throw new IllegalStateException(response.statusCode() + " " + response.body());
        }
        return json.readTree(response.body()).get("id").asLong();
    }

    private RecommendationHttpBenchmark() {
    }
}
