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
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The fault suite (issue 11 item 6), run by bench/faults.sh against a standalone service on loopback.
 * For each fault: a fresh sale with a unit for every arrival, an open-model burst of reserves (one
 * shopper, one reserve, its own token), the fault injected mid-burst (signals to the embedded Redis /
 * Postgres processes, whose pids and command lines bench/faults.sh passes in), then the invariants
 * through the API: available + held + sold == total, grants <= held + sold <= grants + answers without
 * an outcome, and the reconciliation drained and in sync. Prints the table and exits non-zero when a
 * check failed.
 */
public final class FaultMain {

    static final String BASE = System.getProperty("faults.baseUrl", "http://127.0.0.1:18090");
    static final int RATE = Integer.getInteger("faults.rate", 200);
    static final int MAX_IN_FLIGHT = Integer.getInteger("faults.maxInFlight", 512);
    static final long CLIENT_TIMEOUT_MS = Long.getLong("faults.timeoutMillis", 10_000);
    static final Path DATA = Path.of(System.getProperty("faults.dataDir", "/tmp"));
    static final Path OUT = Path.of(System.getProperty("faults.out", "bench/results/faults"));

    /** Outcome counters of one burst. */
    static final class Counts {
        final AtomicLong requests = new AtomicLong();
        final AtomicLong granted = new AtomicLong();
        final AtomicLong soldOut = new AtomicLong();
        final AtomicLong shedWithRetryAfter = new AtomicLong();
        final AtomicLong shedWithoutRetryAfter = new AtomicLong();
        final AtomicLong fiveXx = new AtomicLong();
        final AtomicLong otherFourXx = new AtomicLong();
        final AtomicLong noAnswer = new AtomicLong();
        final AtomicLong notSent = new AtomicLong();
        final AtomicLong slowShed = new AtomicLong(); // 503/429 that took more than 1 s
        final AtomicLong maxShedMillis = new AtomicLong();
        final ConcurrentHashMap<String, AtomicLong> statuses = new ConcurrentHashMap<>();
        /** The slowest answer of each kind in {@link #statuses}, ms. */
        final ConcurrentHashMap<String, AtomicLong> slowest = new ConcurrentHashMap<>();
        volatile long lastGrantAt;
        final AtomicLong firstGrantAfterFault = new AtomicLong(-1);
        /** When the last refusal (any answer but 201, or none) came to a request sent after the fault ended. */
        final AtomicLong lastRefusalAfterFault = new AtomicLong(-1);

        /**
         * Answers that tell nothing about whether a unit was taken: none, a 5xx other than a 503 with Retry-After,
         * or a 503 {@code service-unavailable} whose {@code outcome} is {@code unknown} (its script may run late).
         * Any other 429/503 with Retry-After never takes one.
         */
        final AtomicLong unknown = new AtomicLong();

        long unknown() {
            return unknown.get();
        }
    }

    record Row(String fault, Counts c, long heldPlusSold, long lost, long duplicated, String recovery,
               String ledger, List<String> failures) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final Api api = new Api(BASE);
    private final List<Row> rows = new ArrayList<>();
    private List<String> tokens;
    /** Where the burst's reserves go, round robin (the second instance joins for the app-kill fault). */
    private volatile List<String> targets = List.of(BASE);
    private Api verifier = api;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(1);

    public static void main(String[] args) throws Exception {
        new FaultMain().run(System.getProperty("faults.list", "redis-pause,redis-kill,postgres-down,fuzz,app-kill").split(","));
    }

    void run(String[] faults) throws Exception {
        Files.createDirectories(OUT);
        api.loginAdmin();
        int seconds = Integer.getInteger("faults.pgBurstSeconds", 90);
        int pool = RATE * seconds + 100;
        log("minting " + pool + " shopper tokens");
        tokens = api.shopperTokens("faults", 0, pool);
        for (String fault : faults) {
            switch (fault.trim()) {
                case "redis-pause" -> redisPause();
                case "redis-kill" -> redisKill();
                case "postgres-down" -> postgresDown(seconds);
                case "fuzz" -> fuzz();
                case "app-kill" -> appKill();
                default -> throw new IllegalArgumentException("unknown fault " + fault);
            }
        }
        print();
        ticker.shutdownNow();
        boolean ok = rows.stream().allMatch(r -> r.failures().isEmpty());
        System.exit(ok ? 0 : 1);
    }

    // ---------------------------------------------------------------- faults

    void redisPause() throws Exception {
        long redisPid = redisPid();
        burst("Redis SIGSTOP 10 s", 30, 8, () -> {
            sh("kill", "-STOP", String.valueOf(redisPid));
            Thread.sleep(10_000);
            sh("kill", "-CONT", String.valueOf(redisPid));
        }, "first grant after SIGCONT");
    }

    void redisKill() throws Exception {
        long redisPid = redisPid();
        // Redis rewrites its process title ("redis-server 127.0.0.1:port"), so /proc/<pid>/cmdline is not the
        // command that started it: the binary is /proc/<pid>/exe and INFO server names the config file
        // embedded-redis wrote (port, dir, pidfile, appendonly, notify-keyspace-events, hz): together the
        // identical command line. The service does not restart its embedded Redis by itself.
        String title = Files.readString(Path.of("/proc/" + redisPid + "/cmdline")).replace('\0', ' ').trim();
        int port = Integer.parseInt(title.replaceAll(".*:(\\d+).*", "$1"));
        String binary = Files.readSymbolicLink(Path.of("/proc/" + redisPid + "/exe")).toString();
        String configFile = redisInfo(port).lines().filter(l -> l.startsWith("config_file:")).findFirst()
                .map(l -> l.substring("config_file:".length()).trim()).orElse("");
        Path cwd = Files.readSymbolicLink(Path.of("/proc/" + redisPid + "/cwd"));
        // embedded-redis passes the port on the command line, the rest in the config file
        List<String> cmd = configFile.isEmpty() ? List.of(binary, "--port", String.valueOf(port))
                : List.of(binary, configFile, "--port", String.valueOf(port));
        log("embedded Redis pid " + redisPid + " on port " + port + ": restart command " + cmd + " in " + cwd);
        burst("Redis kill -9, restart from AOF", 30, 8, () -> {
            sh("kill", "-9", String.valueOf(redisPid));
            for (int i = 0; i < 50 && Files.exists(Path.of("/proc/" + redisPid)); i++) {
                Thread.sleep(100);
            }
            Thread.sleep(2_000); // down for 2 s: the service's connection sees a refused port meanwhile
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile())
                    .redirectErrorStream(true).redirectOutput(OUT.resolve("redis-restarted.log").toFile());
            Process p = pb.start();
            // stopped by faults.sh's cleanup through this file
            Files.writeString(OUT.resolve("redis-restarted.pid"), String.valueOf(p.pid()));
            for (int i = 0; i < 100; i++) {
                try {
                    if (redisInfo(port).contains("loading:0")) {
                        break;
                    }
                } catch (Exception e) {
                    // not listening yet
                }
                Thread.sleep(100);
            }
            log("restarted Redis as pid " + p.pid());
        }, "first grant after restart");
    }

    static String redisInfo(int port) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(2_000);
            socket.getOutputStream().write("INFO\r\n".getBytes());
            java.io.InputStream in = socket.getInputStream();
            StringBuilder header = new StringBuilder();
            int ch;
            while ((ch = in.read()) != '\n') {
                header.append((char) ch);
            }
            if (header.charAt(0) != '$') {
                throw new IllegalStateException("INFO answered " + header);
            }
            int length = Integer.parseInt(header.substring(1).trim());
            return new String(in.readNBytes(length));
        }
    }

    /**
     * pg_ctl refuses to run as root (as these runs may), so the suite does what {@code pg_ctl stop -m fast} and
     * {@code pg_ctl start} do: SIGINT to the postmaster (fast shutdown), then the postmaster started again,
     * detached, with the command line it left in postmaster.opts, ready when postmaster.pid says so. As root,
     * the data dir is given to nobody and the postmaster started with setpriv as nobody.
     */
    void postgresDown(int seconds) throws Exception {
        Path pgData = Path.of(System.getProperty("faults.pgData"));
        List<String> command = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)")
                .matcher(Files.readString(pgData.resolve("postmaster.opts")).trim());
        while (m.find()) {
            command.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        log("embedded Postgres in " + pgData + ": restart command " + command);
        burst("Postgres down 60 s", seconds, 10, () -> {
            long pid = Long.parseLong(Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim());
            sh("kill", "-INT", String.valueOf(pid));
            for (int i = 0; i < 300 && Files.exists(Path.of("/proc/" + pid)); i++) {
                Thread.sleep(100);
            }
            log("Postgres (pid " + pid + ") stopped");
            Thread.sleep(60_000);
            List<String> start = command;
            if (Files.exists(Path.of("/proc/self")) && Files.readString(Path.of("/proc/self/status")).matches("(?s).*\\nUid:\\s+0\\s.*")) {
                // the postmaster refuses root (as pg_ctl does); it comes back as nobody, owning its data dir
                sh("chown", "-R", "nobody", pgData.toString());
                sh("chmod", "o+x", pgData.getParent().toString()); // the temp data dir is 0700
                start = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"));
                start.addAll(command);
            }
            Process p = new ProcessBuilder(start).redirectErrorStream(true)
                    .redirectOutput(OUT.resolve("postgres-restarted.log").toFile()).start();
            for (int i = 0; i < 600; i++) {
                Path pidFile = pgData.resolve("postmaster.pid");
                List<String> lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
                if (lines.size() >= 8 && lines.get(7).trim().equals("ready")) {
                    break;
                }
                Thread.sleep(100);
            }
            log("Postgres restarted as pid " + p.pid());
        }, "first grant after start");
    }

    /**
     * Two instances (the second on the first one's Redis and Postgres, same JWT secret) share the burst round
     * robin; the first is killed with kill -9 mid-burst (its embedded Redis and Postgres outlive it), and
     * after 1 s (a load balancer's health check) all reserves go to the second, which must also take over
     * the ledger events the first had read but not written.
     */
    void appKill() throws Exception {
        String second = System.getProperty("faults.secondUrl");
        long firstPid = Long.getLong("faults.servicePid");
        Api apiB = new Api(second);
        apiB.loginAdmin();
        targets = List.of(BASE, second);
        burst("App instance kill -9 (2nd instance running)", 30, 8, () -> {
            sh("kill", "-9", String.valueOf(firstPid));
            Thread.sleep(1_000);
            targets = List.of(second);
            verifier = apiB;
        }, "first grant after fail-over");
    }

    interface Fault {
        void inject() throws Exception;
    }

    /**
     * A burst of {@code seconds} at {@link #RATE}/s on a fresh sale with a unit for every arrival; the fault
     * starts {@code faultAt} seconds in and the burst carries on while it lasts.
     */
    void burst(String name, int seconds, int faultAt, Fault fault, String recoveryName) throws Exception {
        int arrivals = RATE * seconds;
        long saleId = api.createSale("fault " + name, arrivals + 100);
        warm(saleId);
        log(name + ": sale " + saleId + ", " + arrivals + " arrivals at " + RATE + "/s, fault at " + faultAt + " s");
        Counts c = new Counts();
        AtomicLong faultEnd = new AtomicLong(Long.MAX_VALUE);
        AtomicReference<Throwable> faultError = new AtomicReference<>();
        Thread injector = new Thread(() -> {
            try {
                Thread.sleep(faultAt * 1000L);
                log(name + ": injecting");
                fault.inject();
                faultEnd.set(System.currentTimeMillis());
                log(name + ": fault over");
            } catch (Throwable e) {
                faultError.set(e);
            }
        });
        injector.start();
        load(saleId, arrivals, c, faultEnd);
        injector.join();
        List<String> failures = new ArrayList<>();
        if (faultError.get() != null) {
            failures.add("fault injection failed: " + faultError.get());
        }
        long recovered = -1;
        // the burst may end before the service is back: wait for the first grant (a probe shopper each 200 ms)
        long deadline = System.currentTimeMillis() + 120_000;
        while (c.firstGrantAfterFault.get() < 0 && System.currentTimeMillis() < deadline) {
            int status = reserve(saleId, tokens.get(tokens.size() - 1 - (int) (c.requests.get() % 50)), c, faultEnd, true);
            if (status == 0) {
                Thread.sleep(200);
            } else if (status != 201) {
                Thread.sleep(200);
            }
        }
        if (c.firstGrantAfterFault.get() > 0) {
            recovered = c.firstGrantAfterFault.get() - faultEnd.get();
        } else {
            failures.add("no grant within 120 s after the fault");
        }
        String recovery = recovered < 0 ? "not recovered" : String.format("%.1f s (%s)", recovered / 1000.0, recoveryName)
                + (c.lastRefusalAfterFault.get() < 0 ? "; no refusal after the fault"
                : String.format("; last refusal %.1f s after the fault", (c.lastRefusalAfterFault.get() - faultEnd.get()) / 1000.0));
        rows.add(verify(name, saleId, c, recovery, failures, faultEnd.get()));
    }

    /** Reads the fresh sale's stock once before the burst (fails fast when the sale is not readable). */
    void warm(long saleId) throws Exception {
        Api.Answer s = api.get("/api/sales/" + saleId + "/stock");
        if (s.status() != 200) {
            throw new IllegalStateException("stock of a fresh sale answered " + s.status());
        }
    }

    void load(long saleId, int arrivals, Counts c, AtomicLong faultEnd) throws Exception {
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < arrivals; i++) {
            long due = start + (long) (i * 1e9 / RATE);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            if (!inFlight.tryAcquire()) {
                c.notSent.incrementAndGet(); // the client's own cap: the arrival is dropped, never sent
                continue;
            }
            String token = tokens.get(i);
            List<String> to = targets;
            pending.add(send(to.get(i % to.size()), saleId, token, c, faultEnd).whenComplete((r, e) -> inFlight.release()));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();
    }

    int reserve(long saleId, String token, Counts c, AtomicLong faultEnd, boolean probe) {
        try {
            return send(targets.get(targets.size() - 1), saleId, token, c, faultEnd).join();
        } catch (Exception e) {
            return 0;
        }
    }

    CompletableFuture<Integer> send(String base, long saleId, String token, Counts c, AtomicLong faultEnd) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/sales/" + saleId + "/reservations"))
                .timeout(Duration.ofMillis(CLIENT_TIMEOUT_MS))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build();
        long sent = System.currentTimeMillis();
        c.requests.incrementAndGet();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
            long now = System.currentTimeMillis();
            if (sent >= faultEnd.get() && (e != null || r.statusCode() != 201)) {
                c.lastRefusalAfterFault.accumulateAndGet(now, Math::max);
            }
            if (e != null) {
                c.noAnswer.incrementAndGet();
                c.unknown.incrementAndGet();
                c.statuses.computeIfAbsent("no answer", k -> new AtomicLong()).incrementAndGet();
                return 0;
            }
            int status = r.statusCode();
            String slug = slug(r.body());
            // a reserve that timed out after its script was sent says so: it may have taken a unit
            boolean outcomeUnknown = status == 503 && r.body().replace(" ", "").contains("\"outcome\":\"unknown\"");
            String kind = status + (slug == null ? "" : " " + slug) + (outcomeUnknown ? " (outcome unknown)" : "");
            c.statuses.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            c.slowest.computeIfAbsent(kind, k -> new AtomicLong()).accumulateAndGet(now - sent, Math::max);
            if (outcomeUnknown) {
                c.unknown.incrementAndGet();
            }
            boolean retryAfter = r.headers().firstValue("Retry-After").isPresent();
            if (status == 201) {
                c.granted.incrementAndGet();
                if (now >= faultEnd.get()) {
                    c.firstGrantAfterFault.compareAndSet(-1, now);
                }
            } else if (status == 409) {
                c.soldOut.incrementAndGet();
            } else if (status == 429 || status == 503) {
                if (retryAfter) {
                    c.shedWithRetryAfter.incrementAndGet();
                } else {
                    c.shedWithoutRetryAfter.incrementAndGet();
                    c.unknown.incrementAndGet();
                }
                c.maxShedMillis.accumulateAndGet(now - sent, Math::max);
                if (now - sent > 1_000) {
                    c.slowShed.incrementAndGet();
                }
            } else if (status >= 400 && status < 500) {
                c.otherFourXx.incrementAndGet();
            }
            if (status >= 500 && !(status == 503 && retryAfter)) {
                c.fiveXx.incrementAndGet(); // a 503 with Retry-After is a shed answer, counted apart
                if (status != 503) {
                    c.unknown.incrementAndGet();
                }
            }
            return status;
        });
    }

    static String slug(String body) {
        int i = body.indexOf("\"type\"");
        if (i < 0) {
            return null;
        }
        int q1 = body.indexOf('"', body.indexOf(':', i) + 1);
        int q2 = body.indexOf('"', q1 + 1);
        if (q1 < 0 || q2 < 0) {
            return null;
        }
        String type = body.substring(q1 + 1, q2);
        return type.substring(type.lastIndexOf('/') + 1);
    }

    Row verify(String name, long saleId, Counts c, String recovery, List<String> failures, long faultEnd) throws Exception {
        JsonNode s = verifier.get("/api/sales/" + saleId + "/stock").body();
        long available = s.get("available").asLong();
        long held = s.get("held").asLong();
        long sold = s.get("sold").asLong();
        long total = s.get("total").asLong();
        if (available < 0 || available + held + sold != total) {
            failures.add("available + held + sold != total: " + available + " + " + held + " + " + sold + " of " + total);
        }
        long taken = held + sold;
        long granted = c.granted.get();
        long unknown = c.unknown();
        long lost = Math.max(0, granted - taken);
        long duplicated = Math.max(0, taken - granted - unknown);
        if (lost > 0) {
            failures.add(lost + " granted units not held or sold (" + taken + " taken vs " + granted + " granted)");
        }
        if (duplicated > 0) {
            failures.add(duplicated + " units taken beyond grants + unknown answers (" + taken + " vs " + granted + " + "
                    + unknown + ")");
        }
        if (c.slowShed.get() > 0) {
            failures.add(c.slowShed.get() + " 429/503 answers took more than 1 s (max " + c.maxShedMillis.get() + " ms)");
        }
        if (c.shedWithoutRetryAfter.get() > 0) {
            failures.add(c.shedWithoutRetryAfter.get() + " 429/503 answers without Retry-After");
        }
        String ledger = ledger(saleId, failures, faultEnd);
        log(name + ": " + c.statuses + " (slowest ms: " + c.slowest + "); stock " + s + "; "
                + (failures.isEmpty() ? "all checks passed" : failures));
        return new Row(name, c, taken, lost, duplicated, recovery, ledger, failures);
    }

    /** Polls the reconciliation until the stream is drained and the ledger in sync (3 minutes at most). */
    String ledger(long saleId, List<String> failures, long faultEnd) throws Exception {
        String path = "/admin/api/sales/" + saleId + "/reconciliation";
        long deadline = System.currentTimeMillis() + 180_000;
        JsonNode body = null;
        int status = 0;
        while (System.currentTimeMillis() < deadline) {
            try {
                Api.Answer a = verifier.get(path);
                status = a.status();
                body = a.body();
                if (status == 200 && body.path("streamDrained").asBoolean(false) && body.path("inSync").asBoolean(false)) {
                    long after = System.currentTimeMillis() - Math.min(faultEnd, System.currentTimeMillis());
                    return String.format("in sync %.1f s after the fault", after / 1000.0);
                }
            } catch (Exception e) {
                body = null;
            }
            Thread.sleep(500);
        }
        failures.add("reconciliation not drained and in sync within 180 s: " + status + " " + body);
        return "NOT in sync";
    }

    // ---------------------------------------------------------------- fuzz

    /** Random bodies, paths, methods and headers on the API: every answer must be a 4xx problem, counters unchanged. */
    void fuzz() throws Exception {
        int count = Integer.getInteger("faults.fuzzRequests", 3000);
        long saleId = api.createSale("fault fuzz", 1000);
        Api.Answer before = api.get("/api/sales/" + saleId + "/stock");
        Random random = new Random(Long.getLong("faults.seed", 11));
        Counts c = new Counts();
        List<String> failures = new ArrayList<>();
        List<String> samples500 = new ArrayList<>();
        List<String> notProblem = new ArrayList<>();
        ConcurrentHashMap<String, AtomicLong> notProblemBy = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(32);
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Fuzz f = Fuzz.random(random, saleId, tokens.get(i % tokens.size()));
            HttpRequest request;
            try {
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(BASE + f.path())).timeout(Duration.ofSeconds(10))
                        .method(f.method(), f.body() == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(f.body()));
                for (String[] h : f.headers()) {
                    b.header(h[0], h[1]);
                }
                request = b.build();
            } catch (IllegalArgumentException e) {
                continue; // a path or header the client itself refuses to send
            }
            inFlight.acquire();
            c.requests.incrementAndGet();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).handle((r, e) -> {
                inFlight.release();
                if (e != null) {
                    c.noAnswer.incrementAndGet();
                    return null;
                }
                int st = r.statusCode();
                c.statuses.computeIfAbsent(String.valueOf(st), k -> new AtomicLong()).incrementAndGet();
                if (st >= 500) {
                    c.fiveXx.incrementAndGet();
                    synchronized (samples500) {
                        if (samples500.size() < 5) {
                            samples500.add(f.method() + " " + f.path() + " " + f.body() + " -> " + st + " " + r.body());
                        }
                    }
                } else if (st < 400) {
                    if (st == 201) {
                        c.granted.incrementAndGet();
                    }
                } else {
                    String type = r.headers().firstValue("Content-Type").orElse("");
                    if (!type.contains("application/problem+json")) {
                        c.otherFourXx.incrementAndGet();
                        boolean standard = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS").contains(f.method());
                        notProblemBy.computeIfAbsent((standard ? "" : f.method() + " ") + st + (type.isEmpty() ? " no body"
                                : " " + type), k -> new AtomicLong()).incrementAndGet();
                        synchronized (notProblem) {
                            if (notProblem.size() < 5) {
                                notProblem.add(f.method() + " " + f.path() + " -> " + st + " " + type);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        Api.Answer after = api.get("/api/sales/" + saleId + "/stock");
        if (c.fiveXx.get() > 0) {
            failures.add(c.fiveXx.get() + " answers 5xx, e.g. " + samples500);
        }
        if (c.granted.get() > 0) {
            failures.add(c.granted.get() + " fuzzed requests were granted a unit");
        }
        if (c.otherFourXx.get() > 0) {
            failures.add(c.otherFourXx.get() + " 4xx answers not application/problem+json " + new java.util.TreeMap<>(notProblemBy)
                    + ", e.g. " + notProblem);
        }
        if (c.noAnswer.get() > 0) {
            failures.add(c.noAnswer.get() + " requests without an answer");
        }
        if (!String.valueOf(before.body()).equals(String.valueOf(after.body()))) {
            failures.add("stock changed: " + before.body() + " -> " + after.body());
        }
        long twoXx = c.statuses.entrySet().stream().filter(e -> e.getKey().startsWith("2") || e.getKey().startsWith("3"))
                .mapToLong(e -> e.getValue().get()).sum();
        log("fuzz: " + c.statuses + " (2xx/3xx: " + twoXx + "); stock " + after.body() + "; "
                + (failures.isEmpty() ? "all checks passed" : failures));
        rows.add(new Row("Bad-input flood (" + count + " random requests)", c, 0, 0, 0, "n/a", "stock unchanged: "
                + String.valueOf(before.body()).equals(String.valueOf(after.body())), failures));
    }

    record Fuzz(String method, String path, String body, List<String[]> headers) {

        static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO"};
        static final String[] PATHS = {"/api/sales/%d/reservations", "/api/sales/%d/stock", "/api/sales/%d",
                "/api/sales/%d/views", "/api/reservations/%s", "/api/sales/%s/reservations", "/admin/api/sales",
                "/admin/api/products", "/admin/api/sales/%s/reconciliation", "/api/webhooks/payments", "/api/%s",
                "/%s", "/api/sales/%s/reservations/%s"};
        static final String[] WEIRD = {"-1", "0", "99999999999999999999", "abc", "%00", "..%2f..%2fetc%2fpasswd",
                "%ff%fe", "1e9", "NaN", "null", "%27%20OR%201%3D1--", "%3Cscript%3E", "a".repeat(300), "1.5", "%20"};
        static final String[] BODIES = {"", "{", "}", "[]", "null", "\"x\"", "{\"quantity\":-1}", "{\"quantity\":0}",
                "{\"quantity\":1e308}", "{\"quantity\":\"1\"}", "{\"quantity\":99999999999999999999}",
                "{\"quantity\":2147483648}", "{\"quantity\":1000000}", "{\"quantity\":null}", "{\"quantity\":[1]}",
                "{\"quantity\":{\"a\":1}}", "{\"quantity\":1,\"quantity\":2}", "{\"x\":" + "[".repeat(2000) + "}",
                "\u0000\u0001\u0002", "{\"quantity\":1.5}", "<xml/>", "{\"eventId\":\"" + "e".repeat(200) + "\"}"};

        static Fuzz random(Random r, long saleId, String shopperToken) {
            String method = METHODS[r.nextInt(METHODS.length)];
            String template = PATHS[r.nextInt(PATHS.length)];
            Object[] args = new Object[2];
            for (int i = 0; i < 2; i++) {
                args[i] = r.nextInt(3) == 0 ? WEIRD[r.nextInt(WEIRD.length)] : r.nextBoolean() ? String.valueOf(saleId)
                        : String.valueOf(r.nextInt(1_000_000));
            }
            String path = template.contains("%d") ? String.format(template.replace("%d", "%s"), args[0])
                    : String.format(template, args);
            if (r.nextInt(5) == 0) {
                path += "?" + WEIRD[r.nextInt(WEIRD.length)] + "=" + WEIRD[r.nextInt(WEIRD.length)];
            }
            String body = r.nextInt(4) == 0 ? null : r.nextInt(3) == 0 ? randomBytes(r) : BODIES[r.nextInt(BODIES.length)];
            if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS") || method.equals("TRACE")) {
                body = r.nextInt(4) == 0 ? body : null;
            }
            List<String[]> headers = new ArrayList<>();
            int auth = r.nextInt(5);
            switch (auth) {
                case 0 -> { }
                case 1 -> headers.add(new String[] {"Authorization", "Bearer " + shopperToken});
                case 2 -> headers.add(new String[] {"Authorization", "Bearer " + tamper(r, shopperToken)});
                case 3 -> headers.add(new String[] {"Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."});
                default -> headers.add(new String[] {"Authorization", WEIRD[r.nextInt(WEIRD.length)]});
            }
            String[] types = {"application/json", "text/plain", "application/xml", "application/json; charset=ebcdic",
                    "multipart/form-data", "*/*", "application/x-www-form-urlencoded"};
            if (body != null && r.nextInt(5) != 0) {
                headers.add(new String[] {"Content-Type", types[r.nextInt(types.length)]});
            }
            if (r.nextInt(3) == 0) {
                headers.add(new String[] {"Accept", r.nextBoolean() ? "text/html" : "application/xml, */*;q=0.1"});
            }
            if (r.nextInt(4) == 0) {
                headers.add(new String[] {"Idempotency-Key", WEIRD[r.nextInt(WEIRD.length)].replace("%", "")});
            }
            if (r.nextInt(6) == 0) {
                headers.add(new String[] {"X-Forwarded-For", r.nextBoolean() ? "not-an-ip" : "1.2.3.4, ::1, zz"});
            }
            return new Fuzz(method, path, body, headers);
        }

        static String tamper(Random r, String token) {
            char[] chars = token.toCharArray();
            int i = r.nextInt(chars.length);
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            return new String(chars);
        }

        static String randomBytes(Random r) {
            StringBuilder b = new StringBuilder();
            int n = r.nextInt(200);
            for (int i = 0; i < n; i++) {
                b.append((char) (r.nextInt(0x2FF)));
            }
            return b.toString();
        }
    }

    // ---------------------------------------------------------------- helpers

    long redisPid() throws Exception {
        Path restarted = OUT.resolve("redis-restarted.pid");
        if (Files.exists(restarted)) {
            return Long.parseLong(Files.readString(restarted).trim());
        }
        return Long.getLong("faults.redisPid");
    }

    static void sh(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    static void log(String message) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), message);
        System.out.flush();
    }

    void print() throws Exception {
        StringBuilder t = new StringBuilder();
        t.append("| fault | requests | granted | lost | duplicated | 5xx (not shed) | recovery time | answers | ledger | checks |\n");
        t.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- | --- |\n");
        for (Row r : rows) {
            Counts c = r.c();
            t.append(String.format("| %s | %d | %d | %d | %d | %d | %s | %s | %s | %s |%n", r.fault(), c.requests.get(),
                    c.granted.get(), r.lost(), r.duplicated(), c.fiveXx.get(), r.recovery(),
                    new java.util.TreeMap<>(c.statuses).toString().replace("|", "/")
                            + (c.notSent.get() > 0 ? ", not sent (client cap): " + c.notSent.get() : "")
                            + (c.maxShedMillis.get() > 0 ? ", slowest 429/503: " + c.maxShedMillis.get() + " ms" : ""),
                    r.ledger(), r.failures().isEmpty() ? "passed" : "FAILED: " + String.join("; ", r.failures())));
        }
        System.out.println();
        System.out.print(t);
        Files.writeString(OUT.resolve("table.md"), t.toString());
    }
}
