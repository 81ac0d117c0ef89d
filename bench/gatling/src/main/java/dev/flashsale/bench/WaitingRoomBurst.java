package dev.flashsale.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 13's scenario "burst through the waiting room": a sale of {@code units} behind an enabled
 * room; every shopper joins the queue (spread evenly over the burst, open model: latency counts from
 * the scheduled arrival), then reads the ticket every {@code pollMillis} as the sale page does without
 * its notification stream, reserves with the admission token once admitted, and stops once told
 * sold out (or when the reserve answered). Afterwards it reads the room's admission log and wait
 * estimate counts and the sale's stock through the API. Driver: the JDK's HttpClient (kept-alive
 * connections), at most {@code inFlight} requests at once.
 */
final class WaitingRoomBurst {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Api api;
    private final String baseUrl;
    private final List<String> tokens;
    private final int units;
    private final int shoppers;
    private final int burstSeconds;
    private final int admitPerSecond;
    private final int pollMillis;
    private final Semaphore inFlight;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);

    private final int[] joinMillis;
    private final AtomicInteger joinErrors = new AtomicInteger();
    private final List<Integer> reserveMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger reserveErrors = new AtomicInteger();
    private final Map<String, Integer> reserveErrorKinds = new ConcurrentHashMap<>();
    private final AtomicInteger reserveRetries = new AtomicInteger();
    /** The room's admission log, merged from reads every 20 s (the live view shows the last 60 s). */
    private final Map<Long, Long> admissionLog = new ConcurrentHashMap<>();
    private final AtomicInteger granted = new AtomicInteger();
    private final AtomicInteger reserveSoldOut = new AtomicInteger();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicInteger pollErrors = new AtomicInteger();
    private final AtomicLong lastHeldAt = new AtomicLong();
    /** Shopper index -> when the shopper first read SOLD_OUT. */
    private final Map<Integer, Long> toldSoldOutAt = new ConcurrentHashMap<>();
    private CountDownLatch done;

    WaitingRoomBurst(Api api, List<String> tokens, int units, int shoppers, int burstSeconds, int admitPerSecond, int pollMillis,
            int inFlight) {
        this.api = api;
        this.baseUrl = api.baseUrl();
        this.tokens = tokens;
        this.units = units;
        this.shoppers = shoppers;
        this.burstSeconds = burstSeconds;
        this.admitPerSecond = admitPerSecond;
        this.pollMillis = pollMillis;
        this.inFlight = new Semaphore(inFlight);
        this.joinMillis = new int[shoppers];
    }

    WaitingRoomResult run(long saleId, Duration deadline) throws Exception {
        Api.Answer room = api.send("PUT", "/admin/api/sales/" + saleId + "/waiting-room",
                Map.of("enabled", true, "admitPerSecond", admitPerSecond, "admissionTtl", "PT30S"));
        if (room.status() != 200) {
            throw new IllegalStateException("enabling the waiting room answered " + room.status() + ": " + room.body());
        }
        done = new CountDownLatch(shoppers);
        long start = System.currentTimeMillis();
        double gapMillis = burstSeconds * 1000.0 / shoppers;
        for (int i = 0; i < shoppers; i++) {
            int shopper = i;
            long at = start + (long) (i * gapMillis);
            clock.schedule(() -> join(saleId, shopper, at), at - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }
        clock.scheduleAtFixedRate(() -> readAdmissionLog(saleId), 20, 20, TimeUnit.SECONDS);
        boolean finished = done.await(deadline.toMillis(), TimeUnit.MILLISECONDS);
        long duration = System.currentTimeMillis() - start;
        clock.shutdownNow();
        if (!finished) {
            System.out.printf("waiting-room: %d shoppers still following the queue at the deadline%n", done.getCount());
        }
        JsonNode live = readAdmissionLog(saleId);
        Map<Long, Long> perSecond = new java.util.TreeMap<>(admissionLog);
        JsonNode s = api.get("/api/sales/" + saleId + "/stock").body();
        long available = s.get("available").asLong();
        long held = s.get("held").asLong();
        long sold = s.get("sold").asLong();
        long total = s.get("total").asLong();
        long offered = s.has("offered") ? s.get("offered").asLong() : 0;
        long lastHeld = lastHeldAt.get();
        int[] told = toldSoldOutAt.values().stream().filter(t -> lastHeld > 0 && t >= lastHeld)
                .mapToInt(t -> (int) (t - lastHeld)).sorted().toArray();
        int neverTold = (int) Math.max(0, shoppers - granted.get() - reserveSoldOut.get() - reserveErrors.get() - toldSoldOutAt.size());
        return new WaitingRoomResult(saleId, shoppers, burstSeconds, admitPerSecond, pollMillis, joinMillis.clone(), joinErrors.get(),
                reserveMillis.stream().mapToInt(Integer::intValue).toArray(), reserveErrors.get(), new java.util.TreeMap<>(reserveErrorKinds),
                reserveRetries.get(), granted.get(),
                reserveSoldOut.get(), polls.get(), pollErrors.get(), perSecond, live.get("estimates").asLong(),
                live.get("estimatesWithin").asLong(), told.length, told, neverTold,
                "available " + available + ", offered " + offered + ", held " + held + ", sold " + sold + ", total " + total,
                available >= 0 && available + offered + held + sold == total && held + sold == Math.min(units, shoppers), duration);
    }

    private JsonNode readAdmissionLog(long saleId) {
        try {
            JsonNode live = api.get("/admin/api/sales/" + saleId + "/waiting-room/live").body();
            live.get("admittedPerSecond").fields().forEachRemaining(e -> admissionLog.put(Long.valueOf(e.getKey()), e.getValue().asLong()));
            return live;
        } catch (Exception e) {
            throw new IllegalStateException("reading the room's live view failed", e);
        }
    }

    private void join(long saleId, int shopper, long scheduledAt) {
        send(request(saleId, shopper, "/queue").POST(HttpRequest.BodyPublishers.noBody()).build()).whenComplete((r, e) -> {
            joinMillis[shopper] = (int) (System.currentTimeMillis() - scheduledAt);
            if (e != null || r.statusCode() != 200) {
                joinErrors.incrementAndGet();
                done.countDown();
                return;
            }
            follow(saleId, shopper, read(r.body()));
        });
    }

    private void follow(long saleId, int shopper, JsonNode ticket) {
        switch (ticket.path("status").asText()) {
            // on the scheduler's threads: a send may wait for a free slot, which the HttpClient's own threads must never do
            case "ADMITTED" -> clock.execute(() -> reserve(saleId, shopper, ticket.get("admissionToken").asText()));
            case "WAITING", "PRE_QUEUE" -> clock.schedule(() -> poll(saleId, shopper), pollMillis, TimeUnit.MILLISECONDS);
            case "SOLD_OUT" -> {
                toldSoldOutAt.putIfAbsent(shopper, System.currentTimeMillis());
                done.countDown();
            }
            default -> done.countDown(); // USED, EXPIRED, LEFT: this shopper is done
        }
    }

    private void poll(long saleId, int shopper) {
        send(request(saleId, shopper, "/queue").GET().build()).whenComplete((r, e) -> {
            polls.incrementAndGet();
            if (e != null || r.statusCode() != 200) {
                pollErrors.incrementAndGet();
                clock.schedule(() -> poll(saleId, shopper), pollMillis, TimeUnit.MILLISECONDS);
                return;
            }
            follow(saleId, shopper, read(r.body()));
        });
    }

    private void reserve(long saleId, int shopper, String admission) {
        long start = System.currentTimeMillis();
        HttpRequest request = request(saleId, shopper, "/reservations").header("X-Admission-Token", admission)
                .header("Idempotency-Key", "wr-" + saleId + "-" + shopper).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build();
        send(request).whenComplete((r, e) -> {
            long now = System.currentTimeMillis();
            reserveMillis.add((int) (now - start));
            if (e == null && r.statusCode() == 201) {
                granted.incrementAndGet();
                lastHeldAt.accumulateAndGet(now, Math::max);
            } else if (e == null && r.statusCode() == 409 && r.body().contains("sold-out")) {
                reserveSoldOut.incrementAndGet();
            } else if (e == null && (r.statusCode() == 429 || r.statusCode() == 503) && r.headers().firstValue("Retry-After").isPresent()) {
                // told to come back (shed or rate-limited, nothing taken): the same reserve again, as the page would
                reserveRetries.incrementAndGet();
                clock.schedule(() -> reserve(saleId, shopper, admission), 500, TimeUnit.MILLISECONDS);
                return;
            } else {
                reserveErrors.incrementAndGet();
                reserveErrorKinds.merge(e != null ? e.getClass().getSimpleName()
                        : r.statusCode() + " " + r.body().replaceAll(".*\"type\":\"[^\"]*/([a-z-]+)\".*", "$1"), 1, Integer::sum);
            }
            done.countDown();
        });
    }

    private HttpRequest.Builder request(long saleId, int shopper, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/api/sales/" + saleId + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.get(shopper));
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        inFlight.acquireUninterruptibly();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> inFlight.release());
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.getNodeFactory().objectNode();
        }
    }
}
