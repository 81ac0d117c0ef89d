package dev.flashsale.bench;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's own latency of one route, from its {@code http.server.requests} histogram (the SLO buckets on
 * {@code /actuator/prometheus}), every status together: the time from the request reaching the observation
 * filter to the answer, without the load generator's or the network's share. Answers shed before that filter
 * are not in it. Read before and after a scenario; {@link #since} is what the scenario added.
 */
record ServerTimings(TreeMap<Double, Double> countAtOrBelow) {

    private static final Pattern BUCKET = Pattern.compile("^http_server_requests_seconds_bucket\\{(.*)le=\"([^\"]+)\"} (\\S+)$");

    static ServerTimings read(Api api, String method, String uri) throws IOException, InterruptedException {
        TreeMap<Double, Double> counts = new TreeMap<>();
        for (String line : api.text("/actuator/prometheus").split("\n")) {
            Matcher m = BUCKET.matcher(line);
            if (m.matches() && m.group(1).contains("method=\"" + method + "\"") && m.group(1).contains("uri=\"" + uri + "\"")) {
                double le = m.group(2).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(m.group(2));
                counts.merge(le, Double.parseDouble(m.group(3)), Double::sum);
            }
        }
        return new ServerTimings(counts);
    }

    ServerTimings since(ServerTimings before) {
        TreeMap<Double, Double> delta = new TreeMap<>();
        countAtOrBelow.forEach((le, n) -> delta.put(le, n - before.countAtOrBelow.getOrDefault(le, 0.0)));
        return new ServerTimings(delta);
    }

    long count() {
        return Math.round(countAtOrBelow.getOrDefault(Double.POSITIVE_INFINITY, 0.0));
    }

    /** E.g. "72.9 % within 100 ms, p99 in (250, 500] ms (1,013 answers)". */
    String markdown(int withinMillis) {
        long n = count();
        if (n == 0) {
            return "none";
        }
        double within = countAtOrBelow.getOrDefault(withinMillis / 1000.0, 0.0) / n;
        double lower = 0;
        String p99 = "over the last bucket";
        for (Map.Entry<Double, Double> e : countAtOrBelow.entrySet()) {
            if (e.getValue() >= 0.99 * n) {
                p99 = e.getKey().isInfinite() ? "over " + millis(lower) + " ms" : "in (" + millis(lower) + ", " + millis(e.getKey()) + "] ms";
                break;
            }
            lower = e.getKey();
        }
        return String.format("%.1f %% within %d ms, p99 %s (%,d answers)", within * 100, withinMillis, p99, n);
    }

    private static String millis(double seconds) {
        return String.valueOf(Math.round(seconds * 1000));
    }
}
