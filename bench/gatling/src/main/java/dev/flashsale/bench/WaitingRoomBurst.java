package dev.flashsale.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Issue 13's scenario "burst through the waiting room": a sale of {@code units} behind an enabled
 * room. Follow mode {@code stream} (the default), as the sale page does (sale/queue.js): every shopper
 * opens its notification stream before the sale (spread over {@code roomStreamOpenSeconds}; {@link SseStreams}),
 * then joins the queue (spread evenly over the burst, open model: latency counts from the scheduled
 * arrival to the answer that joined; a join shed with 429/503 and Retry-After is sent again after that
 * wait, as the page does) and acts on what the join answer and the pushes ({@code QUEUE_POSITION}, {@code QUEUE_ADMITTED},
 * {@code QUEUE_SOLD_OUT}) say; a shopper who heard nothing for {@code roomFallbackMillis} reads the ticket
 * once (the page's safety net), and one without a live stream reads it every {@code roomPollMillis}.
 * Follow mode {@code poll}: no streams, every shopper reads the ticket every {@code roomPollMillis}.
 * Either way a shopper reserves with the admission token once admitted and stops once told sold out
 * (or when the reserve answered). Afterwards it reads the room's admission log and wait estimate
 * counts and the sale's stock through the API. Joins, ticket reads and reserves: the JDK's HttpClient
 * (kept-alive connections), at most {@code inFlight} requests at once.
 */
final class WaitingRoomBurst {

    static final String STREAM = "stream";
    static final String POLL = "poll";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int WARM_UP_JOINS = 5_000;
    static final double QUIET_JIT_MS_PER_SECOND = 100;
    static final int MAX_WARM_UP_ROUNDS = 8;
    private static final int PROGRESS_SECONDS = 5;
    /** Descriptors kept free beside the streams and the HttpClient's connections (jars, selectors, the API client). */
    private static final int DESCRIPTOR_RESERVE = 256;
    /** Per shopper: not joined yet, following the queue, done (reserving, told sold out, or out). */
    private static final int NEW = 0;
    private static final int FOLLOWING = 1;
    private static final int DONE = 2;
    /** The routes as the service's http.server.requests metric names them. */
    private static final String QUEUE_ROUTE = "/api/sales/{saleId}/queue";
    private static final String RESERVE_ROUTE = "/api/sales/{saleId}/reservations";

    private final Api api;
    private final String baseUrl;
    private final List<String> tokens;
    private final Settings settings;
    private final int units;
    private final int shoppers;
    private final boolean streaming;
    private final ServiceProcess service;
    private final ServiceProcess loadGenerator;
    private final Semaphore inFlight;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(Executors.newFixedThreadPool(4)).build();
    private final ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
    /** Finds the shoppers due a ticket read; its own thread, since a read may wait for a free slot. */
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor();

    private final int[] joinMillis;
    private final AtomicIntegerArray state;
    /** Per shopper: 1 while a join or ticket read is in flight. */
    private final AtomicIntegerArray asking;
    /** Per shopper: when the ticket was last heard of (join answer, push, read). */
    private final AtomicLongArray heardAt;
    private final AtomicInteger joined = new AtomicInteger();
    private final AtomicInteger joinErrors = new AtomicInteger();
    private final AtomicInteger joinRetries = new AtomicInteger();
    /** Every join answer's latency, shed ones included, from the attempt's scheduled time. */
    private final List<Integer> joinAnswerMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> reserveMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    /** Every join answer and reserve from the moment the request got one of the inFlight slots: the service's share. */
    private final List<Integer> joinFromSendMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> reserveFromSendMillis = java.util.Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger reserveErrors = new AtomicInteger();
    private final Map<String, Integer> reserveErrorKinds = new ConcurrentHashMap<>();
    private final AtomicInteger reserveRetries = new AtomicInteger();
    /** The room's admission log, merged from reads every 20 s (the live view shows the last 60 s). */
    private final Map<Long, Long> admissionLog = new ConcurrentHashMap<>();
    private final AtomicInteger granted = new AtomicInteger();
    private final AtomicInteger reserveSoldOut = new AtomicInteger();
    private final AtomicLong polls = new AtomicLong();
    /** Ticket reads by shoppers whose stream was live: the fallback after nothing was heard for roomFallbackMillis. */
    private final AtomicLong fallbackReads = new AtomicLong();
    private final AtomicInteger pollErrors = new AtomicInteger();
    private final Map<String, LongAdder> pushes = new ConcurrentHashMap<>();
    private final AtomicLong lastHeldAt = new AtomicLong();
    /** Shopper index -> when the shopper was first told SOLD_OUT (answer or push). */
    private final Map<Integer, Long> toldSoldOutAt = new ConcurrentHashMap<>();
    /** Shoppers whose join was answered SOLD_OUT: they joined after the sell-out, so were never queued before it. */
    private final Set<Integer> joinedAfterSellOut = ConcurrentHashMap.newKeySet();
    private CountDownLatch done;
    private SseStreams streams;
    private int streamsPlanned;
    private long durationMillis;

    WaitingRoomBurst(Api api, List<String> tokens, Settings settings, ServiceProcess service, ServiceProcess loadGenerator) {
        this.api = api;
        this.baseUrl = api.baseUrl();
        this.tokens = tokens.subList(0, settings.shoppers);
        this.settings = settings;
        this.units = settings.units;
        this.shoppers = settings.shoppers;
        this.streaming = STREAM.equals(settings.roomFollow);
        this.service = service;
        this.loadGenerator = loadGenerator;
        this.inFlight = new Semaphore(settings.roomInFlight);
        this.joinMillis = new int[shoppers];
        this.state = new AtomicIntegerArray(shoppers);
        this.asking = new AtomicIntegerArray(shoppers);
        this.heardAt = new AtomicLongArray(shoppers);
        if (!streaming && !POLL.equals(settings.roomFollow)) {
            throw new IllegalArgumentException("bench.roomFollow must be " + STREAM + " or " + POLL + ", was " + settings.roomFollow);
        }
    }

    /**
     * JIT warm-up of the paths the burst measures (and of this client's kept-alive connections), as every
     * other scenario gets one, in rounds until the service's JIT is quiet: a round whose compilation took
     * under {@link #QUIET_JIT_MS_PER_SECOND} ms a second (the service's {@code jvm.compilation.time}),
     * at most {@link #MAX_WARM_UP_ROUNDS} rounds. One round: {@code WARM_UP_JOINS} joins at 500/s on a
     * new throwaway sale's room admitting 1,000/s, each followed 300 ms later by a ticket read and, when
     * that says admitted, a reserve with the admission token and the hold's release, so that no hold of
     * the warm-up expires during the burst; by the same shoppers; the room is disabled afterwards (no push
     * for it then); not reported. Until 2026-11-29 20:24 UTC the warm-up had no reserves, and until 21:15
     * it was one round: the service was still compiling about a second of CPU a second when the burst
     * began, half of the two cores in its first five seconds.
     */
    void warmUp(Callable<Long> newSale) throws Exception {
        for (int round = 1; round <= MAX_WARM_UP_ROUNDS; round++) {
            double jitBefore = metric(api, "jvm.compilation.time", "COUNT");
            long start = System.currentTimeMillis();
            warmUpRound(newSale.call());
            double perSecond = (metric(api, "jvm.compilation.time", "COUNT") - jitBefore) * 1000 / (System.currentTimeMillis() - start);
            System.out.printf("waiting-room: warm-up round %d: the service's JIT compiled %.0f ms a second%n", round, perSecond);
            if (perSecond < QUIET_JIT_MS_PER_SECOND) {
                return;
            }
        }
    }

    private void warmUpRound(long warmUpSaleId) throws Exception {
        setRoom(warmUpSaleId, true, 1_000);
        int joins = Math.min(WARM_UP_JOINS, shoppers);
        CountDownLatch warm = new CountDownLatch(joins);
        AtomicInteger held = new AtomicInteger();
        long start = System.currentTimeMillis();
        for (int i = 0; i < joins; i++) {
            int shopper = i;
            clock.schedule(() -> send(request(warmUpSaleId, shopper, "/queue").POST(HttpRequest.BodyPublishers.noBody()).build())
                    .thenComposeAsync(r -> send(request(warmUpSaleId, shopper, "/queue").GET().build()),
                            CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS, clock))
                    .thenComposeAsync(r -> warmUpHold(warmUpSaleId, shopper, r, held), clock)
                    .whenComplete((r, e) -> warm.countDown()), start + i * 2L - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }
        boolean done = warm.await(60, TimeUnit.SECONDS);
        setRoom(warmUpSaleId, false, 1_000);
        System.out.printf("waiting-room: warm-up of %d joins and ticket reads (%d holds made and released) on sale %d %s in %d ms%n",
                joins, held.get(), warmUpSaleId, done ? "done" : "NOT done", System.currentTimeMillis() - start);
    }

    /** When the ticket read says admitted: a reserve with its token, and the hold's release. */
    private CompletableFuture<?> warmUpHold(long saleId, int shopper, HttpResponse<String> ticketRead, AtomicInteger held) {
        JsonNode ticket = ticketRead.statusCode() == 200 ? read(ticketRead.body()) : null;
        if (ticket == null || !"ADMITTED".equals(ticket.path("status").asText())) {
            return CompletableFuture.completedFuture(null);
        }
        return send(reserveRequest(saleId, shopper, ticket.get("admissionToken").asText())).thenCompose(r -> {
            if (r.statusCode() != 201) {
                return CompletableFuture.completedFuture(null);
            }
            held.incrementAndGet();
            return send(authorized(shopper, "/api/reservations/" + read(r.body()).get("id").asText()).DELETE().build());
        });
    }

    private void setRoom(long saleId, boolean enabled, int admitPerSecond) throws Exception {
        Api.Answer room = api.send("PUT", "/admin/api/sales/" + saleId + "/waiting-room",
                Map.of("enabled", enabled, "admitPerSecond", admitPerSecond, "admissionTtl", "PT30S"));
        if (room.status() != 200) {
            throw new IllegalStateException("setting the waiting room answered " + room.status() + ": " + room.body());
        }
    }

    WaitingRoomResult run(long saleId, Duration deadline) throws Exception {
        setRoom(saleId, true, settings.roomAdmitPerSecond);
        Gc gcBefore = Gc.read(api);
        var accuracyBefore = WaitAccuracy.read(api);
        WaitingRoomResult.Follow follow = new WaitingRoomResult.Follow(settings.roomFollow, settings.roomFallbackMillis, settings.roomPollMillis);
        try {
            if (streaming) {
                openStreams(saleId, follow);
            }
            // what the service burns with the streams open and nobody queued yet: the push pass asking for every connected shopper
            ServiceProcess.Cpu idle = service.cpu();
            Thread.sleep(settings.roomIdleSeconds * 1000L);
            ServiceProcess.Cpu idleCpu = service.cpu().minus(idle);
            follow.serviceIdleCores = idleCpu.jvmSeconds() / settings.roomIdleSeconds;
            follow.storesIdleCores = idleCpu.childrenSeconds() / settings.roomIdleSeconds;
            follow.serviceRssBeforeMiB = service.rssMiB();
            follow.loadGeneratorRssBeforeMiB = loadGenerator.rssMiB();
            follow.liveAtBurst = streams == null ? 0 : streams.liveNow();
            System.out.printf("waiting-room: before the burst: service %.2f cores (its stores %.2f), RSS %.0f MiB; load generator RSS %.0f MiB;"
                    + " %d streams live%n", follow.serviceIdleCores, follow.storesIdleCores, follow.serviceRssBeforeMiB, follow.loadGeneratorRssBeforeMiB, follow.liveAtBurst);
            ServiceProcess.Cpu before = service.cpu();
            ServiceProcess.Cpu loadBefore = loadGenerator.cpu();
            ServerTimings joinsBefore = ServerTimings.read(api, "POST", QUEUE_ROUTE);
            ServerTimings reservesBefore = ServerTimings.read(api, "POST", RESERVE_ROUTE);
            try (CpuTimeline timeline = new CpuTimeline(service, loadGenerator)) {
                long start = System.currentTimeMillis();
                durationMillis = burst(saleId, deadline);
                long lastHeld = lastHeldAt.get();
                follow.cpuWhileUnitsWent = timeline.between(start, lastHeld > start ? lastHeld : System.currentTimeMillis());
            }
            follow.joinsServer = ServerTimings.read(api, "POST", QUEUE_ROUTE).since(joinsBefore);
            follow.reservesServer = ServerTimings.read(api, "POST", RESERVE_ROUTE).since(reservesBefore);
            follow.loadGeneratorCpuSeconds = loadGenerator.cpu().minus(loadBefore).jvmSeconds();
            ServiceProcess.Cpu used = service.cpu().minus(before);
            follow.serviceCpuSeconds = used.jvmSeconds();
            follow.storesCpuSeconds = used.childrenSeconds();
        } finally {
            sweeper.shutdownNow();
            clock.shutdownNow();
            if (streams != null) {
                streams.close();
            }
        }
        follow.servicePeakRssMiB = service.peakRssMiB();
        follow.loadGeneratorPeakRssMiB = loadGenerator.peakRssMiB();
        Gc gcAfter = Gc.read(api);
        follow.gc = gcAfter == null ? null : gcAfter.since(gcBefore);
        follow.waitAccuracy = WaitAccuracy.bands(accuracyBefore, WaitAccuracy.read(api));
        if (streams != null) {
            follow.streams(streamsPlanned, streams);
        }
        follow.pushes = pushCounts();
        follow.fallbackReads = fallbackReads.get();
        return result(saleId, follow);
    }

    /** Every shopper's stream before the sale, spread over the warm-up; back when all answered or the wait is over. */
    private void openStreams(long saleId, WaitingRoomResult.Follow follow) throws InterruptedException {
        int room = SseStreams.descriptorsLeft() - settings.roomInFlight - DESCRIPTOR_RESERVE;
        streamsPlanned = settings.roomMaxStreams >= 0 ? Math.min(shoppers, settings.roomMaxStreams) : Math.min(shoppers, Math.max(0, room));
        if (streamsPlanned < shoppers) {
            System.out.printf("waiting-room: %d of %d shoppers get a stream (open-file limit leaves room for %d beside %d requests"
                    + " in flight; bench.roomMaxStreams %d); the others follow by reading the ticket every %d ms%n",
                    streamsPlanned, shoppers, room, settings.roomInFlight, settings.roomMaxStreams, settings.roomPollMillis);
        }
        streams = new SseStreams(baseUrl, tokens, settings.roomStreamAnswerMillis, (shopper, type, data) -> pushed(saleId, shopper, type, data));
        long openMillis = settings.roomStreamOpenSeconds * 1000L;
        long start = System.currentTimeMillis();
        for (int i = 0, planned = 0; i < shoppers && planned < streamsPlanned; i++) {
            if (hasStream(i)) {
                streams.open(i, (long) (planned++ * (double) openMillis / streamsPlanned));
            }
        }
        // the service answers a stream with its first event (at the latest the keep-alive): wait for that too
        long until = start + openMillis + settings.roomStreamAnswerMillis + 1000;
        long nextProgress = start + PROGRESS_SECONDS * 1000;
        while (streams.liveNow() < streamsPlanned && System.currentTimeMillis() < until) {
            Thread.sleep(100);
            if (System.currentTimeMillis() >= nextProgress) {
                nextProgress += PROGRESS_SECONDS * 1000;
                System.out.printf("waiting-room: %3d s: streams live %d of %d, opens failed %d %s, load generator RSS %.0f MiB%n",
                        (System.currentTimeMillis() - start) / 1000, streams.liveNow(), streamsPlanned, streams.failures(),
                        streams.failureKinds(), loadGenerator.rssMiB());
            }
        }
        follow.openMillis = System.currentTimeMillis() - start;
        System.out.printf("waiting-room: %d of %d streams live after %d ms (opens failed %d %s)%n", streams.liveNow(), streamsPlanned,
                follow.openMillis, streams.failures(), streams.failureKinds());
    }

    private int[] toldAfterLastHold(long lastHeld, boolean streaming) {
        return toldSoldOutAt.entrySet().stream()
                .filter(e -> lastHeld > 0 && !joinedAfterSellOut.contains(e.getKey()) && hasStream(e.getKey()) == streaming)
                .mapToInt(e -> (int) (e.getValue() - lastHeld)).sorted().toArray();
    }

    /** Which shoppers get a stream when not all can: spread evenly over the arrival order. */
    private boolean hasStream(int shopper) {
        return (long) (shopper + 1) * streamsPlanned / shoppers > (long) shopper * streamsPlanned / shoppers;
    }

    /** The joins, spread over the burst, then following until every shopper is done or the deadline; returns its duration. */
    private long burst(long saleId, Duration deadline) throws InterruptedException {
        done = new CountDownLatch(shoppers);
        long start = System.currentTimeMillis();
        double gapMillis = settings.burstSeconds * 1000.0 / shoppers;
        for (int i = 0; i < shoppers; i++) {
            int shopper = i;
            long at = start + (long) (i * gapMillis);
            clock.schedule(() -> join(saleId, shopper, at), at - System.currentTimeMillis(), TimeUnit.MILLISECONDS);
        }
        clock.scheduleAtFixedRate(() -> readAdmissionLog(saleId), 20, 20, TimeUnit.SECONDS);
        sweeper.scheduleWithFixedDelay(() -> sweep(saleId), 100, 100, TimeUnit.MILLISECONDS);
        boolean finished = false;
        long end = start + deadline.toMillis();
        while (!finished && System.currentTimeMillis() < end) {
            finished = done.await(Math.min(PROGRESS_SECONDS * 1000L, end - System.currentTimeMillis()), TimeUnit.MILLISECONDS);
            System.out.printf("waiting-room: %3d s: joined %d (errors %d, retries after a shed answer %d), following %d, granted %d, told sold out %d, pushes %s,"
                    + " ticket reads %d (fallback %d), streams live %d%n", (System.currentTimeMillis() - start) / 1000, joined.get(),
                    joinErrors.get(), joinRetries.get(), done.getCount(), granted.get(), toldSoldOutAt.size(), pushCounts(), polls.get(),
                    fallbackReads.get(), streams == null ? 0 : streams.liveNow());
        }
        if (!finished) {
            System.out.printf("waiting-room: %d shoppers still following the queue at the deadline%n", done.getCount());
        }
        return System.currentTimeMillis() - start;
    }

    private Map<String, Long> pushCounts() {
        Map<String, Long> m = new TreeMap<>();
        pushes.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    /** What was measured; a service that no longer answers leaves the room's and the stock's figures unread (not conserved). */
    private WaitingRoomResult result(long saleId, WaitingRoomResult.Follow follow) throws InterruptedException {
        JsonNode live = JSON.getNodeFactory().objectNode();
        String stock;
        boolean conserved;
        try {
            live = readAdmissionLog(saleId);
            JsonNode s = api.get("/api/sales/" + saleId + "/stock").body();
            long available = s.get("available").asLong();
            long held = s.get("held").asLong();
            long sold = s.get("sold").asLong();
            long total = s.get("total").asLong();
            long offered = s.has("offered") ? s.get("offered").asLong() : 0;
            stock = "available " + available + ", offered " + offered + ", held " + held + ", sold " + sold + ", total " + total;
            conserved = available >= 0 && available + offered + held + sold == total && held + sold == Math.min(units, shoppers);
        } catch (IOException | IllegalStateException e) {
            stock = "not read, the service did not answer: " + e.getMessage();
            conserved = false;
            System.out.println("waiting-room: " + stock);
        }
        follow.joinFromSendMillis = joinFromSendMillis.stream().mapToInt(Integer::intValue).toArray();
        follow.reserveFromSendMillis = reserveFromSendMillis.stream().mapToInt(Integer::intValue).toArray();
        long lastHeld = lastHeldAt.get();
        // the shoppers queued when the last unit was held (their join was answered with a place): negative for
        // one told before it (there should be none); those who joined after it are told by the join's answer
        // apart: those with a stream (told by a push) and those without, who read the ticket every roomPollMillis
        int[] told = toldAfterLastHold(lastHeld, true);
        int[] toldPolling = toldAfterLastHold(lastHeld, false);
        int neverTold = (int) Math.max(0, shoppers - granted.get() - reserveSoldOut.get() - reserveErrors.get() - toldSoldOutAt.size());
        return new WaitingRoomResult(saleId, shoppers, settings.burstSeconds, settings.roomAdmitPerSecond, settings.roomPollMillis,
                joinMillis.clone(), joinAnswerMillis.stream().mapToInt(Integer::intValue).toArray(), joinErrors.get(), joinRetries.get(), reserveMillis.stream().mapToInt(Integer::intValue).toArray(),
                reserveErrors.get(), new TreeMap<>(reserveErrorKinds), reserveRetries.get(), granted.get(), reserveSoldOut.get(),
                polls.get(), pollErrors.get(), new TreeMap<>(admissionLog), live.path("admissions").asLong(), live.path("estimates").asLong(),
                live.path("estimatesWithin").asLong(), told.length, told, toldPolling, joinedAfterSellOut.size(), neverTold, stock, conserved, durationMillis, follow);
    }

    private JsonNode readAdmissionLog(long saleId) {
        try {
            JsonNode live = api.get("/admin/api/sales/" + saleId + "/waiting-room/live").body();
            live.get("admittedPerSecond").fields().forEachRemaining(e -> admissionLog.put(Long.valueOf(e.getKey()), e.getValue().asLong()));
            return live;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("reading the room's live view failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("reading the room's live view interrupted", e);
        }
    }

    private void join(long saleId, int shopper, long scheduledAt) {
        // following from the moment the join is sent, as the page: a push may come before the join's answer
        heardAt.set(shopper, System.currentTimeMillis());
        asking.set(shopper, 1);
        state.set(shopper, FOLLOWING);
        sendJoin(saleId, shopper, scheduledAt, scheduledAt);
    }

    /** The join, again after a shed answer's Retry-After (it joined nothing), as sale/queue.js enter(). */
    private void sendJoin(long saleId, int shopper, long scheduledAt, long attemptAt) {
        long[] sentAt = new long[1];
        send(request(saleId, shopper, "/queue").POST(HttpRequest.BodyPublishers.noBody()).build(), sentAt).whenComplete((r, e) -> {
            joinAnswerMillis.add((int) (System.currentTimeMillis() - attemptAt));
            joinFromSendMillis.add((int) (System.currentTimeMillis() - sentAt[0]));
            if (e == null && (r.statusCode() == 429 || r.statusCode() == 503) && r.headers().firstValue("Retry-After").isPresent()) {
                joinRetries.incrementAndGet();
                long wait = r.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,4}")).map(Long::parseLong).orElse(1L);
                long retryAt = System.currentTimeMillis() + wait * 1000;
                clock.schedule(() -> sendJoin(saleId, shopper, scheduledAt, retryAt), wait, TimeUnit.SECONDS);
                return;
            }
            joinMillis[shopper] = (int) (System.currentTimeMillis() - scheduledAt);
            joined.incrementAndGet();
            asking.set(shopper, 0);
            if (e != null || r.statusCode() != 200) {
                joinErrors.incrementAndGet();
                if (finish(shopper)) {
                    done.countDown();
                }
                return;
            }
            JsonNode ticket = read(r.body());
            if ("SOLD_OUT".equals(ticket.path("status").asText())) {
                joinedAfterSellOut.add(shopper);
            }
            follow(saleId, shopper, ticket);
        });
    }

    /** A notification pushed on the shopper's stream (on the stream's event loop). */
    private void pushed(long saleId, int shopper, String event, String data) {
        JsonNode n = "notification".equals(event) ? read(data) : null;
        String type = n == null ? "event " + event : n.path("type").asText("(no type)");
        pushes.computeIfAbsent(type, k -> new LongAdder()).increment();
        if (type.startsWith("QUEUE_") && n.path("saleId").asLong() == saleId && n.hasNonNull("queue")) {
            follow(saleId, shopper, n.get("queue"));
        }
    }

    /** What the ticket says, from the join's answer, a push or a read: as sale/queue.js follow(). */
    private void follow(long saleId, int shopper, JsonNode ticket) {
        if (state.get(shopper) != FOLLOWING) {
            return; // admitted (or out) already: a late answer or push changes nothing
        }
        heardAt.set(shopper, System.currentTimeMillis());
        switch (ticket.path("status").asText()) {
            case "ADMITTED" -> {
                if (finish(shopper)) {
                    // on the scheduler's threads: a send may wait for a free slot, which the HttpClient's and the streams' threads must never do
                    clock.execute(() -> reserve(saleId, shopper, ticket.get("admissionToken").asText()));
                }
            }
            case "WAITING", "PRE_QUEUE" -> {
                // still queued: the sweeper reads the ticket if nothing more is heard in time
            }
            case "SOLD_OUT" -> {
                if (finish(shopper)) {
                    toldSoldOutAt.putIfAbsent(shopper, System.currentTimeMillis());
                    done.countDown();
                }
            }
            default -> {
                if (finish(shopper)) {
                    done.countDown(); // USED, EXPIRED, LEFT: this shopper is done
                }
            }
        }
    }

    private boolean finish(int shopper) {
        return state.compareAndSet(shopper, FOLLOWING, DONE);
    }

    /**
     * Every 100 ms: a following shopper with no request out reads the ticket once it heard nothing for
     * {@code roomFallbackMillis} with a live stream, or for {@code roomPollMillis} without one (queue.js:
     * STREAMING_EVERY_MS and EVERY_MS).
     */
    private void sweep(long saleId) {
        long now = System.currentTimeMillis();
        for (int i = 0; i < shoppers; i++) {
            if (state.get(i) != FOLLOWING || asking.get(i) == 1) {
                continue;
            }
            boolean live = streams != null && streams.live(i);
            if (now - heardAt.get(i) >= (live ? settings.roomFallbackMillis : settings.roomPollMillis) && asking.compareAndSet(i, 0, 1)) {
                if (live) {
                    fallbackReads.incrementAndGet();
                }
                poll(saleId, i);
            }
        }
    }

    private void poll(long saleId, int shopper) {
        send(request(saleId, shopper, "/queue").GET().build()).whenComplete((r, e) -> {
            polls.incrementAndGet();
            asking.set(shopper, 0);
            if (e != null || r.statusCode() != 200) {
                pollErrors.incrementAndGet();
                heardAt.set(shopper, System.currentTimeMillis());
                return;
            }
            follow(saleId, shopper, read(r.body()));
        });
    }

    private void reserve(long saleId, int shopper, String admission) {
        long start = System.currentTimeMillis();
        long[] sentAt = new long[1];
        send(reserveRequest(saleId, shopper, admission), sentAt).whenComplete((r, e) -> {
            long now = System.currentTimeMillis();
            reserveMillis.add((int) (now - start));
            reserveFromSendMillis.add((int) (now - sentAt[0]));
            if (e == null && r.statusCode() == 201) {
                granted.incrementAndGet();
                // when the service held the unit, not when its answer arrived here (same machine, same clock)
                lastHeldAt.accumulateAndGet(heldAt(r.body(), now), Math::max);
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

    /** One statistic of a metric, 0 when the service does not have it (a collector that never ran has no series). */
    private static double metric(Api api, String path, String statistic) throws IOException, InterruptedException {
        Api.Answer a = api.get("/actuator/metrics/" + path);
        if (a.status() != 200 || a.body() == null) {
            return 0;
        }
        for (JsonNode m : a.body().path("measurements")) {
            if (statistic.equals(m.path("statistic").asText())) {
                return m.path("value").asDouble();
            }
        }
        return 0;
    }

    /** A reserve of one unit with the admission token; one Idempotency-Key per shopper and sale, so a retry is the same reserve. */
    private HttpRequest reserveRequest(long saleId, int shopper, String admission) {
        return request(saleId, shopper, "/reservations").header("X-Admission-Token", admission)
                .header("Idempotency-Key", "wr-" + saleId + "-" + shopper).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"quantity\":1}")).build();
    }

    private HttpRequest.Builder request(long saleId, int shopper, String path) {
        return authorized(shopper, "/api/sales/" + saleId + path);
    }

    private HttpRequest.Builder authorized(int shopper, String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.get(shopper));
    }

    private CompletableFuture<HttpResponse<String>> send(HttpRequest request) {
        return send(request, new long[1]);
    }

    /** Waits for one of the inFlight slots, notes when it got one in {@code sentAt[0]}, and sends. */
    private CompletableFuture<HttpResponse<String>> send(HttpRequest request, long[] sentAt) {
        inFlight.acquireUninterruptibly();
        sentAt[0] = System.currentTimeMillis();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> inFlight.release());
    }

    /** The hold's createdAt in the reserve's answer, in epoch ms; {@code otherwise} when unreadable. */
    private static long heldAt(String body, long otherwise) {
        try {
            return java.time.Instant.parse(read(body).path("createdAt").asText()).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return otherwise;
        }
    }

    private static JsonNode read(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            return JSON.getNodeFactory().objectNode();
        }
    }

    /**
     * The service's garbage collection from its metrics (GET /actuator/metrics, as the admin): pauses,
     * bytes promoted to the old generation, the old generation's live data after the last major collection
     * (null before the first) and the heap's maximum.
     */
    record Gc(long minorPauses, double minorSeconds, long majorPauses, double majorSeconds, double promotedMiB, Double liveDataMiB,
            double maxHeapMiB) {

        private static final String PAUSE = "jvm.gc.pause?tag=action:end%20of%20";
        private static final double MIB = 1 << 20;

        /** Null when the service does not answer (one unanswered call is enough: each may wait 35 s). */
        static Gc read(Api api) {
            try {
                long majors = (long) metric(api, PAUSE + "major%20GC", "COUNT");
                return new Gc((long) metric(api, PAUSE + "minor%20GC", "COUNT"), metric(api, PAUSE + "minor%20GC", "TOTAL_TIME"), majors,
                        metric(api, PAUSE + "major%20GC", "TOTAL_TIME"), metric(api, "jvm.gc.memory.promoted", "COUNT") / MIB,
                        majors == 0 ? null : metric(api, "jvm.gc.live.data.size", "VALUE") / MIB,
                        metric(api, "jvm.memory.max?tag=area:heap", "VALUE") / MIB);
            } catch (IOException e) {
                System.out.println("waiting-room: the service's GC metrics not read: " + e.getMessage());
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** Pauses and promotion since {@code before}; the heap figures as now; null when either is unknown. */
        Gc since(Gc before) {
            return before == null ? null : new Gc(minorPauses - before.minorPauses, minorSeconds - before.minorSeconds, majorPauses - before.majorPauses,
                    majorSeconds - before.majorSeconds, promotedMiB - before.promotedMiB, liveDataMiB, maxHeapMiB);
        }

        String markdown() {
            return String.format("%d (%.2f s) / %d (%.2f s); %.0f MiB promoted; live data after the last major GC %s; max heap %.0f MiB",
                    minorPauses, minorSeconds, majorPauses, majorSeconds, promotedMiB,
                    liveDataMiB == null ? "- (none ran)" : String.format("%.0f MiB", liveDataMiB), maxHeapMiB);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("minorPauses", minorPauses);
            m.put("minorPauseSeconds", Math.round(minorSeconds * 1000) / 1000.0);
            m.put("majorPauses", majorPauses);
            m.put("majorPauseSeconds", Math.round(majorSeconds * 1000) / 1000.0);
            m.put("promotedMiB", Math.round(promotedMiB));
            m.put("liveDataAfterMajorGcMiB", liveDataMiB == null ? null : Math.round(liveDataMiB));
            m.put("maxHeapMiB", Math.round(maxHeapMiB));
            return m;
        }
    }
}
