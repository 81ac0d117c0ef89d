package dev.flashsale.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The service's HTTP API as the benchmark uses it before and after each scenario (not measured). */
final class Api {

    record Answer(int status, JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private String adminToken;

    Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String baseUrl() {
        return baseUrl;
    }

    void loginAdmin() throws IOException, InterruptedException {
        adminToken = mint("bench-admin", List.of("ADMIN")).join();
    }

    /** Tokens of distinct shoppers from POST /dev/tokens, 64 requests in flight. */
    List<String> shopperTokens(String run, int from, int count) {
        Semaphore inFlight = new Semaphore(64);
        List<CompletableFuture<String>> futures = new ArrayList<>(count);
        for (int i = from; i < from + count; i++) {
            inFlight.acquireUninterruptibly();
            futures.add(mint("bench-" + run + "-" + i, List.of()).whenComplete((t, e) -> inFlight.release()));
        }
        return futures.stream().map(CompletableFuture::join).toList();
    }

    private CompletableFuture<String> mint(String userId, List<String> roles) {
        HttpRequest request = json(HttpRequest.newBuilder(URI.create(baseUrl + "/dev/tokens")),
                Map.of("userId", userId, "roles", roles)).build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST /dev/tokens answered " + r.statusCode()
                        + " (is the service in standalone mode?): " + r.body());
            }
            return read(r.body()).get("token").asText();
        });
    }

    /** A product and a sale of {@code units} open now for an hour, one unit per shopper. */
    long createSale(String label, int units) throws IOException, InterruptedException {
        Answer product = send("POST", "/admin/api/products", Map.of("name", "bench " + label + " " + System.nanoTime(),
                "category", "benchmark", "originalPrice", 10_000,
                "coupangUrl", "https://www.coupang.com/vp/products/1", "kurlyUrl", "https://www.kurly.com/goods/1"));
        Instant now = Instant.now();
        Answer sale = send("POST", "/admin/api/sales", Map.of("productId", product.body().get("id").asLong(),
                "salePrice", 5_900, "totalQuantity", units, "perUserLimit", 1,
                "startsAt", now.minusSeconds(60).toString(), "endsAt", now.plus(Duration.ofHours(1)).toString()));
        if (sale.status() != 201) {
            throw new IllegalStateException("creating a sale answered " + sale.status() + ": " + sale.body());
        }
        return sale.body().get("id").asLong();
    }

    /** The ceiling's own sale set-up (bench/ceiling: init_sale.lua, open from a minute ago for an hour). */
    long createCeilingSale(int units) throws IOException, InterruptedException {
        Answer sale = send("POST", "/ceiling/sales", Map.of("totalQuantity", units, "perUserLimit", 1));
        if (sale.status() != 201) {
            throw new IllegalStateException("creating a ceiling sale answered " + sale.status() + ": " + sale.body());
        }
        return sale.body().get("id").asLong();
    }

    String text(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    Answer get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    Answer send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30));
        if (adminToken != null) {
            builder.header("Authorization", "Bearer " + adminToken);
        }
        HttpRequest request = body == null ? builder.method(method, HttpRequest.BodyPublishers.noBody()).build()
                : json(builder, body).method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> response;
        try {
            // bounded here too: the request timeout alone was seen not to end a call to a service whose event loop had died
            response = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(35, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IOException(method + " " + path + " not answered in 35 s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(method + " " + path + " failed", e.getCause());
        }
        return new Answer(response.statusCode(), response.body().isBlank() ? null : read(response.body()));
    }

    private static HttpRequest.Builder json(HttpRequest.Builder builder, Object body) {
        try {
            return builder.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
