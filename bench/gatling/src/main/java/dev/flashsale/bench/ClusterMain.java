package dev.flashsale.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * The kill -9 scenario of bench/cluster.sh: three instances behind the proxy, an open-model burst of
 * shoppers through the proxy (each one reserve with its own token and Idempotency-Key), one instance
 * killed with SIGKILL mid-burst; an attempt without an outcome (no answer, a 5xx without Retry-After:
 * the proxy's 502 for a request in flight on the dead instance) is sent again with the same key, a shed
 * one after its Retry-After, until every shopper has an outcome. Then, through the proxy's API: stock
 * conserved and exactly the sale's units granted; the failures only requests in flight at the kill; the
 * dead consumer's unacknowledged ledger entries taken over (XPENDING on the sale's stream, read with
 * redis-cli: the one look at the engine's keys from outside, for the evidence); the reconciliation in
 * sync; then every hold ended exactly once (half released by their owners, a second release refused,
 * the rest expired) and the ledger in sync again. Writes kill.json and, with {@link ClusterTable}, table.md.
 */
public final class ClusterMain {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One shopper of the burst: every attempt carries the same Idempotency-Key. */
    static final class Shopper {
        final int index;
        final String token;
        final String key;
        volatile int attempts;
        volatile String outcome; // granted, sold-out, limit-exceeded, or an error kind once attempts run out
        volatile String reservationId;

        Shopper(int index, String token, String key) {
            this.index = index;
            this.token = token;
            this.key = key;
        }
    }

    /** An attempt without an outcome: when it was sent and answered, and how it failed. */
    record Failure(long sentAt, long answeredAt, String kind) {
    }

    private final Api api;
    private final String proxy;
    private final Path out;
    private final long deadPid;
    /** With bench/cluster.sh's CLUSTER_REDIS=cluster: run with the sale id, kills the Redis master serving it. */
    private final String killCommand = System.getProperty("cluster.killCommand");
    private final String killed = System.getProperty("cluster.killed", "one instance");
    private final AtomicLong lastRefusedAt = new AtomicLong();
    private final int redisPort;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(1);
    private final List<Failure> failures = new ArrayList<>();
    private final Map<String, AtomicLong> answers = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final int maxAttempts = Integer.getInteger("cluster.maxAttempts", 20);
    private volatile long killedAt = Long.MAX_VALUE;
    private final Map<String, Object> result = new java.util.LinkedHashMap<>();
    private final List<String> failed = new ArrayList<>();

    ClusterMain() {
        proxy = System.getProperty("cluster.proxyUrl");
        api = new Api(proxy);
        out = Path.of(System.getProperty("cluster.out", "bench/results/cluster"));
        deadPid = killCommand != null ? -1 : Long.getLong("cluster.killPid"); // -1: no ledger consumer died
        redisPort = Integer.getInteger("cluster.redisPort");
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        ClusterMain main = new ClusterMain();
        boolean ok = main.run();
        main.timer.shutdownNow();
        System.exit(ok ? 0 : 1);
    }

    boolean run() throws Exception {
        Files.createDirectories(out);
        int rate = Integer.getInteger("cluster.rate", 1000);
        int seconds = Integer.getInteger("cluster.seconds", 5);
        int units = Integer.getInteger("cluster.units", 3000);
        double killAfter = Double.parseDouble(System.getProperty("cluster.killAfterSeconds", "2"));
        int arrivals = rate * seconds;
        api.loginAdmin();
        log("minting " + arrivals + " shopper tokens through the proxy");
        List<String> tokens = api.shopperTokens("cluster-" + Long.toString(System.currentTimeMillis(), 36), 0, arrivals);
        long saleId = api.createSale("cluster kill", units);
        Thread.sleep(2_000); // every instance's catalog hears of the new sale
        List<Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < arrivals; i++) {
            shoppers.add(new Shopper(i, tokens.get(i), "cluster-" + saleId + "-" + i));
        }
        result.put("saleId", saleId);
        result.put("burst", arrivals + " shoppers in " + seconds + " s (" + rate + "/s) on " + units + " units, through the proxy");
        result.put("killed", killed);
        log("sale " + saleId + ": " + result.get("burst") + "; kill -9 of " + killed + " after " + killAfter + " s");

        PendingWatch pending = new PendingWatch(redisPort, saleId, deadPid);
        CountDownLatch done = new CountDownLatch(arrivals);
        long start = System.currentTimeMillis();
        timer.schedule(() -> kill(pending, saleId), (long) (killAfter * 1000), TimeUnit.MILLISECONDS);
        for (Shopper s : shoppers) {
            long wait = start + (long) (s.index * 1000.0 / rate) - System.currentTimeMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            attempt(saleId, s, done);
        }
        boolean resolved = done.await(180, TimeUnit.SECONDS);
        long burstEnd = System.currentTimeMillis();
        check("every shopper got an outcome (granted or sold-out) within 180 s", resolved,
                (arrivals - done.getCount()) + " of " + arrivals);
        verifyBurst(saleId, units, shoppers);
        verifyLedger(saleId, pending, burstEnd, "after the burst");
        endHolds(saleId, shoppers);
        verifyLedger(saleId, null, System.currentTimeMillis(), "after every hold ended");
        result.put("answers", new java.util.TreeMap<>(answers));
        result.put("attempts", answers.values().stream().mapToLong(AtomicLong::get).sum());
        result.put("last503SecondsAfterKill", lastRefusedAt.get() == 0 ? 0 : (lastRefusedAt.get() - killedAt) / 1000.0);
        result.put("failedChecks", failed);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("kill.json").toFile(), result);
        return failed.isEmpty();
    }

    private void kill(PendingWatch pending, long saleId) {
        try {
            List<String> command = killCommand == null ? List.of("kill", "-9", String.valueOf(deadPid))
                    : List.of(killCommand, String.valueOf(saleId));
            new ProcessBuilder(command).inheritIO().start().waitFor();
            killedAt = System.currentTimeMillis();
            result.put("inFlightAtKill", inFlight.get());
            log("killed " + (killCommand == null ? "pid " + deadPid : killed) + " with " + inFlight.get()
                    + " requests in flight (all instances)");
            pending.start(killedAt);
        } catch (Exception e) {
            failed.add("kill failed: " + e);
        }
    }

    private void attempt(long saleId, Shopper s, CountDownLatch done) {
        s.attempts++;
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy + "/api/sales/" + saleId + "/reservations"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + s.token)
                .header("Content-Type", "application/json").header("Idempotency-Key", s.key)
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build();
        long sent = System.currentTimeMillis();
        inFlight.incrementAndGet();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
            inFlight.decrementAndGet();
            long now = System.currentTimeMillis();
            int status = e != null ? -1 : r.statusCode();
            String slug = e != null ? null : FaultMain.slug(r.body());
            String kind = e == null ? status + (slug == null ? "" : " " + slug)
                    : isTimeout(e) ? "client timeout" : "no answer (" + rootCause(e) + ")";
            answers.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            boolean retryAfter = e == null && r.headers().firstValue("Retry-After").isPresent();
            if (status == 201 || status == 200) {
                s.reservationId = read(r.body()).path("id").asText();
                finish(s, "granted", done);
            } else if (status == 409) {
                finish(s, slug, done);
            } else if ((status == 429 || status == 503) && retryAfter) {
                if (status == 503 && now > killedAt) {
                    lastRefusedAt.accumulateAndGet(now, Math::max);
                }
                long delay = Math.max(1, Long.parseLong(r.headers().firstValue("Retry-After").get().trim())) * 1000;
                retry(saleId, s, done, delay, "shed, attempts exhausted");
            } else if (status < 0 || status >= 500 || status == 429 || status == 503) {
                synchronized (failures) {
                    failures.add(new Failure(sent, now, kind));
                }
                retry(saleId, s, done, 200, kind);
            } else {
                finish(s, kind, done); // 400/401/404: not a retryable answer, counted against the checks
            }
        });
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.http.HttpTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private void retry(long saleId, Shopper s, CountDownLatch done, long delayMillis, String lastKind) {
        if (s.attempts >= maxAttempts) {
            finish(s, lastKind, done);
        } else {
            timer.schedule(() -> attempt(saleId, s, done), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private static void finish(Shopper s, String outcome, CountDownLatch done) {
        s.outcome = outcome;
        done.countDown();
    }

    private void verifyBurst(long saleId, int units, List<Shopper> shoppers) throws Exception {
        long granted = shoppers.stream().filter(s -> "granted".equals(s.outcome)).count();
        long soldOut = shoppers.stream().filter(s -> "sold-out".equals(s.outcome)).count();
        long retried = shoppers.stream().filter(s -> s.attempts > 1).count();
        JsonNode stock = api.get("/api/sales/" + saleId + "/stock").body();
        long available = stock.get("available").asLong();
        long held = stock.get("held").asLong();
        long sold = stock.get("sold").asLong();
        long total = stock.get("total").asLong();
        result.put("granted", granted);
        result.put("soldOut", soldOut);
        result.put("shoppersRetried", retried);
        result.put("stockAfterBurst", stock);
        check("available + held + sold == total, available >= 0", available >= 0 && available + held + sold == total,
                available + " + " + held + " + " + sold + " of " + total);
        long expected = Math.min(units, shoppers.size());
        check("exactly " + expected + " granted (distinct shoppers with a 201)", granted == expected, granted + " granted");
        check("held + sold == granted (no unit taken without a grant the client saw)", held + sold == granted,
                (held + sold) + " vs " + granted);
        List<Failure> all;
        synchronized (failures) {
            all = List.copyOf(failures);
        }
        long inFlightAtKill = ((Number) result.getOrDefault("inFlightAtKill", 0)).longValue();
        // a client timeout (10 s) is the machine or the service too slow, not the kill: counted apart
        List<Failure> lost = all.stream().filter(f -> !f.kind().equals("client timeout")).toList();
        long timeouts = all.size() - lost.size();
        long notInFlight = lost.stream().filter(f -> f.sentAt() > killedAt || f.answeredAt() < killedAt).count();
        Map<String, Long> kinds = new java.util.TreeMap<>();
        all.forEach(f -> kinds.merge(f.kind(), 1L, Long::sum));
        result.put("failedAttempts", all.size());
        result.put("failedAttemptKinds", kinds);
        result.put("failedNotInFlightAtKill", notInFlight);
        check("answers lost (no answer, 5xx without Retry-After): only requests in flight at the kill (sent before, answered after)",
                notInFlight == 0 && lost.size() <= inFlightAtKill,
                lost.size() + " lost, " + notInFlight + " of them not in flight at the kill; "
                        + inFlightAtKill + " in flight (all instances) at the kill");
        check("no client timeouts (10 s)", timeouts == 0, timeouts + " timeouts");
        check("every retry with the same Idempotency-Key got an outcome",
                shoppers.stream().allMatch(s -> "granted".equals(s.outcome) || "sold-out".equals(s.outcome)),
                shoppers.stream().filter(s -> !"granted".equals(s.outcome) && !"sold-out".equals(s.outcome)).count()
                        + " shoppers without a grant or sold-out");
    }

    /** Polls the reconciliation through the proxy until the stream is drained and in sync (60 s at most). */
    private void verifyLedger(long saleId, PendingWatch pending, long from, String when) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        JsonNode body = null;
        while (System.currentTimeMillis() < deadline) {
            Api.Answer a = api.get("/admin/api/sales/" + saleId + "/reconciliation");
            body = a.body();
            if (a.status() == 200 && body.path("streamDrained").asBoolean() && body.path("inSync").asBoolean()) {
                break;
            }
            Thread.sleep(200);
        }
        boolean inSync = body != null && body.path("streamDrained").asBoolean() && body.path("inSync").asBoolean();
        long now = System.currentTimeMillis();
        String timing = pending == null ? String.format("%.1f s after the stock showed every hold ended", (now - from) / 1000.0)
                : String.format("%.1f s after the kill, %.1f s after the last answer", (now - killedAt) / 1000.0,
                        (now - from) / 1000.0);
        if (pending != null && inSync) {
            result.put("ledgerInSyncSecondsAfterKill", (now - killedAt) / 1000.0);
            result.put("ledgerInSyncSecondsAfterLastAnswer", (now - from) / 1000.0);
        }
        result.put("ledger " + when, inSync ? "in sync " + timing : "NOT in sync: " + body);
        check("ledger equals Redis " + when + " (reconciliation streamDrained and inSync)", inSync,
                inSync ? timing : String.valueOf(body));
        if (pending != null) {
            pending.stop();
            result.put("deadConsumerPendingAtKill", pending.atKill());
            result.put("deadConsumerPendingNow", pending.last());
            result.put("deadConsumerPendingClearedAfterKill", pending.clearedAfter());
            result.put("deadConsumerPendingClearedSecondsAfterKill", pending.clearedAfterSeconds());
            check("the dead instance's unacknowledged ledger entries taken over (XPENDING of its consumer: 0)",
                    pending.last() == 0, pending.atKill() + " pending at the kill, " + pending.last() + " now"
                            + (pending.clearedAfter() == null ? "" : ", cleared " + pending.clearedAfter() + " after the kill"));
        }
    }

    /**
     * Every other granted shopper releases the hold (DELETE through the proxy, 204; a 503 with Retry-After
     * from a Redis still failing over is sent again, as the page would) and then tries again
     * (409 reservation-closed: ended once); the rest expire. Then nothing held, everything back in stock, and
     * each reservation RELEASED or EXPIRED as its shopper did.
     */
    private void endHolds(long saleId, List<Shopper> shoppers) throws Exception {
        List<Shopper> granted = shoppers.stream().filter(s -> "granted".equals(s.outcome)).toList();
        List<Shopper> releasing = granted.stream().filter(s -> s.index % 2 == 0).toList();
        Map<String, Long> first = calls("DELETE", releasing, "/api/reservations/");
        Map<String, Long> second = calls("DELETE", releasing, "/api/reservations/");
        result.put("releases", first);
        result.put("releasesAgain", second);
        check("each release answered 204, and a second release of the same hold 409 reservation-closed",
                first.getOrDefault("204", 0L) == releasing.size() && second.getOrDefault("409 reservation-closed", 0L) == releasing.size(),
                "first " + first + ", again " + second);
        long holdSeconds = Long.getLong("cluster.holdSeconds", 75);
        long deadline = System.currentTimeMillis() + (holdSeconds + 30) * 1000;
        JsonNode stock;
        do {
            Thread.sleep(1_000);
            stock = api.get("/api/sales/" + saleId + "/stock").body();
        } while (stock.get("held").asLong() > 0 && System.currentTimeMillis() < deadline);
        result.put("stockAfterAllEnded", stock);
        check("nothing held and every unit back: available == total, sold == 0",
                stock.get("held").asLong() == 0 && stock.get("sold").asLong() == 0
                        && stock.get("available").asLong() == stock.get("total").asLong(), String.valueOf(stock));
        Map<String, Long> states = new java.util.TreeMap<>();
        long wrong = 0;
        for (Shopper s : granted) {
            String status = get(s).path("status").asText("missing");
            String want = s.index % 2 == 0 ? "RELEASED" : "EXPIRED";
            states.merge(status, 1L, Long::sum);
            if (!status.equals(want)) {
                wrong++;
            }
        }
        result.put("holdStatesAfter", states);
        check("every hold ended once as its shopper did (released ones RELEASED, the others EXPIRED)", wrong == 0,
                states + ", " + wrong + " not as expected");
    }

    private Map<String, Long> calls(String method, List<Shopper> shoppers, String prefix) {
        Map<String, Long> kinds = new ConcurrentHashMap<>();
        Semaphore window = new Semaphore(64);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (Shopper s : shoppers) {
            window.acquireUninterruptibly();
            HttpRequest request = HttpRequest.newBuilder(URI.create(proxy + prefix + s.reservationId))
                    .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + s.token)
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            all.add(sendRetrying(request, 10, kinds).whenComplete((r, e) -> {
                window.release();
                String slug = e == null ? FaultMain.slug(r.body()) : null;
                kinds.merge(e != null ? "no answer (" + rootCause(e) + ")" : r.statusCode() + (slug == null ? "" : " " + slug), 1L, Long::sum);
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
        return new java.util.TreeMap<>(kinds);
    }

    /**
     * Sends as a client honouring Retry-After would: a 429/503 carrying it (a Redis master failing over,
     * shedding) is sent again after that many seconds, up to {@code attempts} times; each retry is
     * counted in {@code kinds} as "retried " plus the answer.
     */
    private CompletableFuture<HttpResponse<String>> sendRetrying(HttpRequest request, int attempts, Map<String, Long> kinds) {
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
            var retryAfter = r.headers().firstValue("Retry-After");
            if ((r.statusCode() != 503 && r.statusCode() != 429) || retryAfter.isEmpty() || attempts <= 1) {
                return CompletableFuture.completedFuture(r);
            }
            String slug = FaultMain.slug(r.body());
            kinds.merge("retried " + r.statusCode() + (slug == null ? "" : " " + slug), 1L, Long::sum);
            long seconds = Math.max(1, Long.parseLong(retryAfter.get().trim()));
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(seconds, java.util.concurrent.TimeUnit.SECONDS))
                    .thenCompose(x -> sendRetrying(request, attempts - 1, kinds));
        });
    }

    private JsonNode get(Shopper s) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(proxy + "/api/reservations/" + s.reservationId))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + s.token).build();
        return read(client.send(request, HttpResponse.BodyHandlers.ofString()).body());
    }

    private void check(String name, boolean ok, String detail) {
        log((ok ? "passed: " : "FAILED: ") + name + " (" + detail + ")");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> checks = (List<Map<String, Object>>) result.computeIfAbsent("checks", k -> new ArrayList<>());
        checks.add(Map.of("check", name, "ok", ok, "detail", detail));
        if (!ok) {
            failed.add(name + ": " + detail);
        }
    }

    static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }

    static void log(String message) {
        FaultMain.log(message);
    }
}
