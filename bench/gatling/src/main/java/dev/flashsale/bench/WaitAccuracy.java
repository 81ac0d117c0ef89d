package dev.flashsale.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the waits of admitted shoppers compared with the estimate they were shown: the service's histogram
 * {@code flashsale.queue.wait.accuracy} (actual wait as a percentage of the estimate, 100 = exact), read
 * from /actuator/prometheus before and after the burst, as counts per band. Says whether the misses ran
 * long (admissions slower than the estimate assumes) or short.
 */
final class WaitAccuracy {

    private static final String BUCKET = "flashsale_queue_wait_accuracy_percent_bucket";

    private WaitAccuracy() {
    }

    /** Cumulative counts by upper bound in percent (+Inf last); empty when the scrape fails. */
    static TreeMap<Double, Double> read(Api api) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        try {
            for (String line : api.text("/actuator/prometheus").split("\n")) {
                if (line.startsWith(BUCKET)) {
                    String le = line.replaceAll(".*le=\"([^\"]+)\".*", "$1");
                    buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le),
                            Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
                }
            }
        } catch (Exception e) {
            System.out.println("waiting-room: wait accuracy not read: " + e);
            buckets.clear();
        }
        return buckets;
    }

    /** Shoppers per band of actual / estimated wait between the two reads, e.g. "80-100 %" -> 412. */
    static Map<String, Long> bands(TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
        Map<String, Long> bands = new LinkedHashMap<>();
        double lower = 0;
        double below = 0;
        for (Map.Entry<Double, Double> e : after.entrySet()) {
            double cumulative = e.getValue() - before.getOrDefault(e.getKey(), 0.0);
            String name = e.getKey().isInfinite() ? "> " + fmt(lower) + " %" : fmt(lower) + "-" + fmt(e.getKey()) + " %";
            bands.put(name, Math.round(cumulative - below));
            below = cumulative;
            lower = e.getKey();
        }
        return bands;
    }

    private static String fmt(double percent) {
        return String.valueOf((long) percent);
    }
}
