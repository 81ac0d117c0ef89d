package dev.flashsale.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The run's settings, from system properties {@code bench.*} (bench/run.sh sets them; defaults are the full run). */
final class Settings {

    final List<String> scenarios = list("bench.scenarios", "spec,burst,step,keepalive,keepalive-step");
    final List<String> targets = list("bench.targets", "engine,baseline,ceiling");
    final int units = Integer.getInteger("bench.units", 1000);
    final int shoppers = Integer.getInteger("bench.shoppers", 20_000);
    final int specSeconds = Integer.getInteger("bench.specSeconds", 60);
    final int burstSeconds = Integer.getInteger("bench.burstSeconds", 5);
    final int warmupRate = Integer.getInteger("bench.warmupRate", 500);
    final int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 10);
    final int stepSeconds = Integer.getInteger("bench.stepSeconds", 10);
    final boolean stepAllGranted = Boolean.parseBoolean(System.getProperty("bench.stepAllGranted", "true"));
    final int stepMaxP99 = Integer.getInteger("bench.stepMaxP99", 100);
    /** Percent of a step's answers that may be shed (429/503 with Retry-After) for the step to pass. */
    final double stepMaxShed = Double.parseDouble(System.getProperty("bench.stepMaxShedPercent", "0"));
    /** How often a missed step is run again before it ends the search (a spike of outside load is not the service's limit). */
    final int stepRetries = Integer.getInteger("bench.stepRetries", 1);
    final double[] stepRates = Arrays.stream(System.getProperty("bench.stepRates",
            "100,200,350,500,750,1000,1500,2000,2500,3000,3500,4000,5000,6000,7000,8000").split(","))
            .mapToDouble(Double::parseDouble).toArray();
    final double keepAliveRate = Double.parseDouble(System.getProperty("bench.keepAliveRate", "1000"));
    final int keepAliveSeconds = Integer.getInteger("bench.keepAliveSeconds", 20);
    final int keepAliveConnections = Integer.getInteger("bench.keepAliveConnections", 64);
    /**
     * The waiting-room scenario: the room's ceiling; how shoppers follow the queue ({@code stream}: pushes on
     * the notification stream as the sale page, {@code poll}: ticket reads alone); how often a queued shopper
     * without a live stream reads the ticket, and after how long without news one with a stream does
     * (sale/queue.js: EVERY_MS, STREAMING_EVERY_MS); requests in flight.
     */
    final int roomAdmitPerSecond = Integer.getInteger("bench.roomAdmitPerSecond", 250);
    final String roomFollow = System.getProperty("bench.roomFollow", "stream");
    final int roomPollMillis = Integer.getInteger("bench.roomPollMillis", 2000);
    final int roomFallbackMillis = Integer.getInteger("bench.roomFallbackMillis", 15_000);
    /** Stream mode: the streams are opened over this long before the burst (the sale page is open before the sale starts). */
    final int roomStreamOpenSeconds = Integer.getInteger("bench.roomStreamOpenSeconds", 20);
    /**
     * Stream mode: a stream not answered by then counts as failed and is opened again. The service sends a
     * stream's status with its first event, at the latest the keep-alive (flashsale.notifications.heartbeat, 15 s).
     */
    final int roomStreamAnswerMillis = Integer.getInteger("bench.roomStreamAnswerMillis", 25_000);
    /** Stream mode: at most this many streams; -1: as many as the load generator's open-file limit leaves room for. */
    final int roomMaxStreams = Integer.getInteger("bench.roomMaxStreams", -1);
    /** Service CPU is measured over this long just before the burst (streams open, nobody queued). */
    final int roomIdleSeconds = Integer.getInteger("bench.roomIdleSeconds", 5);
    final int roomInFlight = Integer.getInteger("bench.roomInFlight", 2048);
    final int roomDeadlineSeconds = Integer.getInteger("bench.roomDeadlineSeconds", 120);

    /** The configuration of this run, as configured (printed in the report, never fixed text). */
    Map<String, Object> describe() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("quick run", Boolean.getBoolean("bench.quick"));
        c.put("targets", String.join(", ", targets));
        c.put("scenarios", String.join(", ", scenarios));
        c.put("service JVM flags (product and ceiling)", System.getProperty("bench.serviceJavaOpts", "(not given)"));
        c.put("hold duration (product and ceiling)", System.getProperty("bench.holdDuration", "(not given)"));
        c.put("product's Redis", System.getProperty("bench.productRedis", "(not given)"));
        c.put("ceiling's Redis", System.getProperty("bench.ceilingRedis", "(no ceiling)"));
        c.put("shoppers (spec, burst)", shoppers);
        c.put("units per sale (spec, burst)", units);
        c.put("spec", shoppers + " arrivals in " + specSeconds + " s");
        c.put("burst", shoppers + " arrivals in " + burstSeconds + " s");
        c.put("warm-up per target", warmupRate + "/s for " + warmupSeconds + " s on new connections"
                + (scenarios.stream().anyMatch(s -> s.startsWith("keepalive")) ? ", and again on kept-alive ones" : ""));
        c.put("step search", "rates " + Arrays.toString(stepRates) + "/s, " + stepSeconds + " s each, "
                + (stepAllGranted ? "a unit for every arrival" : units + " units")
                + ", targets taking turns at each rate; a step passes with p99 <= " + stepMaxP99
                + " ms, no errors and at most " + stepMaxShed + " % shed; a missed step is run "
                + stepRetries + " more time(s) before it counts");
        c.put("kept-alive step search", "as the step search, on " + keepAliveConnections + " kept-alive connections");
        c.put("kept-alive", keepAliveRate + " arrivals/s for " + keepAliveSeconds + " s on "
                + keepAliveConnections + " kept-alive connections, a unit for every arrival");
        c.put("waiting-room", shoppers + " joins in " + burstSeconds + " s to a sale of " + units + " units behind a room admitting "
                + roomAdmitPerSecond + "/s (admission TTL 30 s); follow mode " + roomFollow + ": "
                + (roomFollow.equals("poll") ? "tickets read every " + roomPollMillis + " ms until admitted or sold out"
                        : "every shopper opens its notification stream first (spread over " + roomStreamOpenSeconds
                        + " s, as many as the open-file limit allows" + (roomMaxStreams >= 0 ? ", at most " + roomMaxStreams : "")
                        + "; bench's Netty SSE reader), then acts on the join's answer and the QUEUE_* pushes, reads the ticket once after "
                        + roomFallbackMillis + " ms without news and every " + roomPollMillis + " ms without a live stream")
                + "; a join shed with 429/503 and Retry-After is sent again after that wait; joins, reads and reserves: JDK HttpClient on kept-alive connections, at most " + roomInFlight
                + " requests in flight; gives up " + roomDeadlineSeconds + " s after the burst starts");
        c.put("load generator", "Gatling (open model, a new connection per shopper); the kept-alive scenario: "
                + "bench's Netty driver (open model, latency from the scheduled arrival)");
        c.put("client timeout ms", BenchMain.TIMEOUT_MILLIS);
        c.put("idle CPU measured over ms before each scenario", BenchMain.IDLE_MILLIS);
        c.put("ledger drain timeout ms", Long.getLong("bench.ledgerTimeoutMillis", 60_000));
        return c;
    }

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
