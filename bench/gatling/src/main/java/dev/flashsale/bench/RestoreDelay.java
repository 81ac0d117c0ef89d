package dev.flashsale.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Restore delay after deadline under load, as the service itself measures it
 * ({@code flashsale.expiry.restore.delay}, SLO buckets, and {@code flashsale.expiry.restored} by
 * path), read from /actuator/prometheus. bench/run.sh gives holds a short duration so holds granted
 * in one scenario expire while later scenarios load the service. The service's max decays after a
 * few minutes, so it is sampled after every scenario and the highest kept.
 */
final class RestoreDelay {

    private final Api api;
    private double maxMillis;
    private Map<Double, Double> buckets = new TreeMap<>();
    private double count;
    private final Map<String, Double> byPath = new TreeMap<>();

    RestoreDelay(Api api) {
        this.api = api;
    }

    void sample() {
        try {
            String scrape = api.text("/actuator/prometheus");
            Map<Double, Double> now = new TreeMap<>();
            for (String line : scrape.split("\n")) {
                if (line.startsWith("flashsale_expiry_restore_delay_milliseconds_bucket")) {
                    String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
                    now.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value(line));
                } else if (line.startsWith("flashsale_expiry_restore_delay_milliseconds_count")) {
                    count = value(line);
                } else if (line.startsWith("flashsale_expiry_restore_delay_milliseconds_max")) {
                    maxMillis = Math.max(maxMillis, value(line));
                } else if (line.startsWith("flashsale_expiry_restored_total")) {
                    byPath.put(line.replaceAll(".*path=\"([^\"]+)\".*", "$1"), value(line));
                }
            }
            buckets = now;
        } catch (Exception e) {
            System.out.println("restore delay not sampled: " + e);
        }
    }

    /** The smallest bucket bound under which at least 99 % of restores fell. */
    double p99UpperBound() {
        for (Map.Entry<Double, Double> b : buckets.entrySet()) {
            if (count > 0 && b.getValue() >= 0.99 * count) {
                return b.getKey();
            }
        }
        return Double.NaN;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("restored", count);
        m.put("byPath", byPath);
        m.put("p99AtMostMillis", count == 0 ? null : p99UpperBound());
        m.put("maxMillis", maxMillis);
        m.put("note", "from the service's own histogram: p99AtMostMillis is the smallest of its bucket bounds under which 99 % of restores fell");
        return m;
    }

    String markdown() {
        if (count == 0) {
            return "Restore delay under load: no hold expired during the run (hold duration longer than the run?).\n";
        }
        double p99 = p99UpperBound();
        return String.format("Restore delay after deadline under load (service metric): %.0f holds restored %s,"
                + " p99 <= %.0f ms, max %.0f ms — target p99 <= 250 ms (%s), max <= 1 s (%s).%n",
                count, byPath, p99, maxMillis, p99 <= 250 ? "met" : "NOT met", maxMillis <= 1000 ? "met" : "NOT met");
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
