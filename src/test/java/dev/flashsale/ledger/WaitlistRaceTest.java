package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.reservation.SaleKeys;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Many shoppers race on a small sale over HTTP: reserves (claims of offers among them), releases,
 * joins, leaves, admin stock changes, and holds and offers expiring on their own (short hold and claim
 * windows). Conservation {@code available + offered + held + sold == total} is sampled throughout; at
 * the end every hold and offer has run out, so every unit is back in available, no shopper was ever
 * offered two units at once, and the ledger, once drained, agrees with Redis.
 */
@TestPropertySource(properties = {"flashsale.reservation.hold-duration=1500ms", "flashsale.waitlist.claim-window=700ms"})
class WaitlistRaceTest extends LedgerTestSupport {

    private static final int SHOPPERS = 40;
    private static final int OPS = 25;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final List<String> grants = new CopyOnWriteArrayList<>();

    @Test
    void conservationHoldsAndEveryUnitComesBackWhileEverythingRaces() {
        double poisoned = poisoned();
        long saleId = openSale(15, 2);
        SaleKeys keys = new SaleKeys(saleId);
        WebClient http = pooledWebClient(64);
        List<String> violations = new CopyOnWriteArrayList<>();
        var sampler = Flux.interval(Duration.ofMillis(25)).concatMap(i -> stock(keys))
                .filter(s -> !conserved(s)).subscribe(s -> violations.add(s.toString()));

        Flux<Void> shoppers = Flux.range(0, SHOPPERS).flatMap(i -> shopper(http, saleId, "racer-" + saleId + "-" + i, new Random(i)), SHOPPERS);
        Flux<Void> admin = Flux.range(0, 12).concatMap(i -> Mono.delay(Duration.ofMillis(150))
                .then(adjust(http, saleId, i % 4 == 3 ? -1 : 1 + i % 2)));
        Flux.merge(shoppers, admin).blockLast(Duration.ofMinutes(3));

        // nobody reserves any more: holds expire, their units are offered on, offers expire, until the line is empty
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> redis.opsForZSet().size(keys.deadlines()).block() == 0);
        sampler.dispose();

        assertThat(unexpected).as("answers outside the contract").isEmpty();
        assertThat(violations).as("conservation broken at some instant").isEmpty();
        assertThat(grants).as("no hold granted twice").doesNotHaveDuplicates();
        Map<String, Long> end = stock(keys).block();
        assertThat(end.get("held")).isZero();
        assertThat(end.get("offered")).isZero();
        assertThat(end.get("available") + end.get("sold")).isEqualTo(end.get("total"));
        assertThat(redis.hasKey(keys.offers()).block()).isFalse();

        List<Map<String, String>> offerEvents = redis.opsForStream().range(keys.events(), Range.unbounded()).collectList().block()
                .stream().map(m -> (Map<String, String>) (Map) m.getValue())
                .filter(e -> e.get("type").startsWith("OFFER")).toList();
        assertOneOfferAtATimePerShopper(offerEvents);
        assertThat(offerEvents.stream().filter(e -> "OFFER_ENDED".equals(e.get("type"))).map(e -> e.get("reason")))
                .as("offers were claimed and expired during the race").contains("CLAIMED", "EXPIRED");

        JsonNode report = drained(saleId, Duration.ofSeconds(60));
        assertThat(report.get("inSync").asBoolean()).as("%s", report).isTrue();
        assertThat(poisoned()).as("offer events are acknowledged without a ledger row, not refused by it").isEqualTo(poisoned);
    }

    private double poisoned() {
        return meters.get("flashsale.ledger.poisoned").counter().count();
    }

    /** One shopper's random session; an offer seen on the entry is claimed (or, sometimes, given up). */
    private Flux<Void> shopper(WebClient http, long saleId, String shopper, Random random) {
        String token = token(shopper);
        List<String> holds = new ArrayList<>();
        return Flux.range(0, OPS).concatMap(op -> Mono.delay(Duration.ofMillis(random.nextInt(40))).then(Mono.defer(() -> {
            int dice = random.nextInt(100);
            if (dice < 30) {
                return reserve(http, saleId, token, random.nextInt(5) == 0 ? 2 : 1, holds);
            }
            if (dice < 45 && !holds.isEmpty()) {
                return call(http.delete().uri("/api/reservations/{id}", holds.remove(random.nextInt(holds.size()))), token, 204, 404, 409);
            }
            if (dice < 65) {
                return call(http.post().uri("/api/sales/{id}/waitlist", saleId), token, 200, 201, 409);
            }
            if (dice < 72) {
                return call(http.delete().uri("/api/sales/{id}/waitlist", saleId), token, 200, 404);
            }
            return http.get().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(token))
                    .exchangeToMono(r -> r.statusCode().value() == 200 ? r.bodyToMono(JsonNode.class) : r.releaseBody().then(Mono.empty()))
                    .filter(entry -> "OFFERED".equals(entry.get("status").asString()))
                    .flatMap(offered -> random.nextInt(4) == 0
                            ? call(http.delete().uri("/api/sales/{id}/waitlist", saleId), token, 200, 404)
                            : reserve(http, saleId, token, 1, holds));
        })));
    }

    private Mono<Void> reserve(WebClient http, long saleId, String token, int quantity, List<String> holds) {
        return http.post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":" + quantity + "}")
                .exchangeToMono(r -> r.bodyToMono(JsonNode.class).doOnNext(body -> {
                    int status = r.statusCode().value();
                    if (status == 201) {
                        grants.add(body.get("id").asString());
                        holds.add(body.get("id").asString());
                    } else if (status != 409 && status != 503) {
                        unexpected.add("reserve " + status + " " + body);
                    }
                }))
                .then();
    }

    private Mono<Void> adjust(WebClient http, long saleId, int delta) {
        return call(http.post().uri("/admin/api/sales/{id}/stock", saleId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"delta\":" + delta + "}"), adminToken(), 200, 409);
    }

    private Mono<Void> call(WebClient.RequestHeadersSpec<?> request, String token, int... allowed) {
        return request.headers(h -> h.setBearerAuth(token)).exchangeToMono(r -> {
            int status = r.statusCode().value();
            if (java.util.Arrays.stream(allowed).noneMatch(a -> a == status) && status != 503) {
                return r.bodyToMono(String.class).defaultIfEmpty("").doOnNext(b -> unexpected.add(status + " " + b)).then();
            }
            return r.releaseBody();
        });
    }

    /** One HMGET: a consistent snapshot, since every script changes the counters atomically. */
    private Mono<Map<String, Long>> stock(SaleKeys keys) {
        List<String> fields = List.of("available", "offered", "held", "sold", "total");
        return redis.<String, String>opsForHash().multiGet(keys.stock(), fields).map(values -> {
            Map<String, Long> s = new HashMap<>();
            for (int i = 0; i < fields.size(); i++) {
                s.put(fields.get(i), values.get(i) == null ? 0L : Long.parseLong(values.get(i)));
            }
            return s;
        });
    }

    private static boolean conserved(Map<String, Long> s) {
        return s.values().stream().allMatch(v -> v >= 0)
                && s.get("available") + s.get("offered") + s.get("held") + s.get("sold") == s.get("total");
    }

    /** Per shopper, OFFERED and OFFER_ENDED alternate: never a second offer while one is open. */
    private static void assertOneOfferAtATimePerShopper(List<Map<String, String>> offerEvents) {
        Map<String, Boolean> open = new ConcurrentHashMap<>();
        for (Map<String, String> event : offerEvents) {
            boolean offered = "OFFERED".equals(event.get("type"));
            boolean wasOpen = open.getOrDefault(event.get("user"), false);
            assertThat(wasOpen).as("%s for %s", event, event.get("user")).isEqualTo(!offered);
            open.put(event.get("user"), offered);
        }
        assertThat(offerEvents).as("the race made offers").isNotEmpty();
        assertThat(open.values()).as("every offer ended").allMatch(o -> !o);
    }
}
