package dev.flashsale.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A flood of bad inputs over every operation the OpenAPI document lists ({@link OpenApiInputs}):
 * every answer is below 500 (but a 503 with Retry-After, which the contract documents), every 4xx is
 * an {@code application/problem+json} problem, and a sale's counters move only by the units of the
 * reserves that were granted (and releases that were accepted): nothing a refused request did shows.
 * The run's seed is random and printed with every failure; {@code -Dfuzz.seed=<seed>} replays a run,
 * {@code -Dfuzz.perOperation=<n>} sizes it.
 */
class OpenApiFuzzTest extends IntegrationTest {

    private static final int PER_OPERATION = Integer.getInteger("fuzz.perOperation", 50);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Answer(int status, String contentType, String retryAfter, String body) {
    }

    @Test
    void badInputsOnEveryDocumentedOperationAreProblemsBelow500AndTakeNoUnit() {
        long seed = Long.getLong("fuzz.seed", new SecureRandom().nextLong());
        System.out.println("OpenApiFuzzTest: seed " + seed + " (replay with -Dfuzz.seed=" + seed + ")");
        long saleId = openSale(1_000, 10);
        JsonNode doc = client().get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
        List<OpenApiInputs.Operation> operations = OpenApiInputs.operations(doc);
        assertThat(operations).as("operations in the OpenAPI document").hasSizeGreaterThan(20)
                .anyMatch(op -> op.toString().equals("POST /api/sales/{saleId}/reservations"));
        OpenApiInputs inputs = new OpenApiInputs(doc, saleId, new OpenApiInputs.Callers(
                IntStream.range(0, 40).mapToObj(i -> newShopperToken()).toList(), adminToken()));

        Map<String, Long> granted = new ConcurrentHashMap<>();
        Map<String, Long> released = new ConcurrentHashMap<>();
        List<String> knownHolds = new CopyOnWriteArrayList<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        Random run = new Random(seed);
        List<long[]> plan = new ArrayList<>(); // {operation index, request seed}
        for (int i = 0; i < operations.size(); i++) {
            for (int n = 0; n < PER_OPERATION; n++) {
                plan.add(new long[] {i, run.nextLong()});
            }
        }
        HttpClient http = HttpClient.create().responseTimeout(Duration.ofSeconds(20));

        Flux.fromIterable(plan).flatMap(step -> {
            OpenApiInputs.Operation op = operations.get((int) step[0]);
            OpenApiInputs.Request request = inputs.request(op, new Random(step[1]), knownHolds);
            return send(http, request)
                    .doOnNext(answer -> {
                        String problem = check(answer);
                        if (problem != null) {
                            failures.add(problem + ": " + request + " -> " + answer.status() + " " + answer.contentType()
                                    + " " + abbreviate(answer.body()) + " (request seed " + step[1] + ", " + op + ")");
                        }
                        account(op, request, answer, saleId, granted, released, knownHolds);
                    })
                    .onErrorResume(e -> {
                        failures.add("no answer (" + e + "): " + request + " (request seed " + step[1] + ", " + op + ")");
                        return Mono.empty();
                    });
        }, 8).blockLast(Duration.ofMinutes(3));

        JsonNode stock = client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
        long taken = granted.values().stream().mapToLong(Long::longValue).sum()
                - released.values().stream().mapToLong(Long::longValue).sum();
        long held = stock.path("held").asLong();
        long sold = stock.path("sold").asLong();
        long counted = stock.path("available").asLong() + held + sold + stock.path("offered").asLong(0);
        String replay = "seed " + seed + " (replay: -Dfuzz.seed=" + seed + "), " + plan.size() + " requests over "
                + operations.size() + " operations";
        assertThat(failures).as(replay).isEmpty();
        assertThat(counted).as("conservation, " + replay + ": " + stock).isEqualTo(stock.path("total").asLong()).isEqualTo(1_000);
        assertThat(held + sold).as("units taken vs. granted minus released, " + replay + ": " + stock).isEqualTo(taken);
    }

    /** Raw over Reactor Netty: a client that parsed our odd headers itself would refuse to send some of them. */
    private Mono<Answer> send(HttpClient http, OpenApiInputs.Request request) {
        return Mono.defer(() -> http.headers(h -> request.headers().forEach(h::set))
                .request(io.netty.handler.codec.http.HttpMethod.valueOf(request.method()))
                .uri("http://127.0.0.1:" + port + request.uri())
                .send(request.body() == null ? Mono.empty() : ByteBufFlux.fromString(Mono.just(request.body())))
                .responseSingle((response, content) -> content.asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                        .map(body -> new Answer(response.status().code(),
                                String.valueOf(response.responseHeaders().get("Content-Type", "")),
                                response.responseHeaders().get("Retry-After"), body))));
    }

    /** What is wrong with an answer, or null. */
    private static String check(Answer answer) {
        if (answer.status() >= 500) {
            return answer.status() == 503 && answer.retryAfter() != null ? null : "a 5xx";
        }
        if (answer.status() >= 400) {
            if (!answer.contentType().startsWith(MediaType.APPLICATION_PROBLEM_JSON_VALUE)) {
                return "a 4xx that is not a problem";
            }
            try {
                String type = JSON.readTree(answer.body()).path("type").asString("");
                if (!type.startsWith("https://flashsale.dev/problems/")) {
                    return "a problem without our type";
                }
            } catch (RuntimeException e) {
                return "a problem body that is not JSON";
            }
        }
        return null;
    }

    /** Units the test sale gave out and took back through answers that said so. */
    private static void account(OpenApiInputs.Operation op, OpenApiInputs.Request request, Answer answer, long saleId,
            Map<String, Long> granted, Map<String, Long> released, List<String> knownHolds) {
        if (op.path().equals("/api/sales/{saleId}/reservations") && request.method().equals("POST") && answer.status() == 201) {
            JsonNode view = JSON.readTree(answer.body());
            if (view.path("saleId").asLong() == saleId) {
                if (granted.putIfAbsent(view.path("id").asString(), view.path("quantity").asLong()) == null) {
                    knownHolds.add(view.path("id").asString());
                }
            }
        }
        if (op.path().equals("/api/reservations/{id}") && request.method().equals("DELETE") && answer.status() == 204) {
            String id = request.uri().substring("/api/reservations/".length()).replaceAll("\\?.*", "");
            Long quantity = granted.get(id);
            if (quantity != null) {
                released.put(id, quantity);
            }
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "..." : body;
    }
}
