package dev.flashsale.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every reserve answer of one scenario: when it completed, how long it took, and its kind:
 * {@code granted}, {@code sold-out}, {@code limit-exceeded}; {@code shed:<slug>} for a 429 or 503
 * that carries {@code Retry-After} (the contract's rate-limited / overloaded / service-unavailable:
 * the shopper was told to come back, and no unit was taken), counted as neither grant nor error;
 * or an error kind such as {@code http-503} (a 503 without Retry-After), {@code http-500},
 * {@code timeout} or {@code connection-error}. The load drivers call {@link #record} from their
 * event loops.
 */
final class Samples {

    static final String GRANTED = "granted";
    static final String SHED = "shed:";
    private static final List<String> ANSWERS = List.of(GRANTED, "sold-out", "limit-exceeded");

    private final int timeoutMillis;
    private long[] completedAt = new long[1 << 16];
    private int[] millis = new int[1 << 16];
    private final List<String> kinds = new ArrayList<>();
    private int size;

    Samples(int timeoutMillis) {
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * {@code status} 0 means no answer within the timeout, -1 a connection lost before the answer;
     * {@code slug} is the problem type's; {@code retryAfter} whether the answer had that header.
     */
    synchronized void record(long completedAtMillis, int responseMillis, int status, String slug, boolean retryAfter) {
        if (size == millis.length) {
            completedAt = Arrays.copyOf(completedAt, size * 2);
            millis = Arrays.copyOf(millis, size * 2);
        }
        completedAt[size] = completedAtMillis;
        millis[size] = status == 0 ? timeoutMillis : responseMillis;
        kinds.add(kind(status, slug, retryAfter));
        size++;
    }

    static String kind(int status, String slug, boolean retryAfter) {
        if (status == 201) {
            return GRANTED;
        }
        if (status == 0) {
            return "timeout";
        }
        if (status < 0) {
            return "connection-error";
        }
        if ((status == 429 || status == 503) && retryAfter) {
            return SHED + (slug != null ? slug : "http-" + status);
        }
        return status == 409 && slug != null ? slug : "http-" + status;
    }

    /** A correct answer: a grant, sold-out / limit-exceeded, or a shed with Retry-After. */
    static boolean accepted(String kind) {
        return ANSWERS.contains(kind) || kind.startsWith(SHED);
    }

    synchronized int size() {
        return size;
    }

    synchronized Map<String, Long> kinds() {
        Map<String, Long> counts = new TreeMap<>();
        kinds.forEach(k -> counts.merge(k, 1L, Long::sum));
        return counts;
    }

    synchronized long count(String kind) {
        return kinds.stream().filter(kind::equals).count();
    }

    synchronized long errors() {
        return kinds.stream().filter(k -> !accepted(k)).count();
    }

    synchronized long shed() {
        return kinds.stream().filter(k -> k.startsWith(SHED)).count();
    }

    /** p50, p95, p99, p99.9 and max in milliseconds (nearest rank). */
    synchronized Map<String, Integer> percentiles() {
        int[] sorted = Arrays.copyOf(millis, size);
        Arrays.sort(sorted);
        Map<String, Integer> p = new LinkedHashMap<>();
        p.put("p50", rank(sorted, 50));
        p.put("p95", rank(sorted, 95));
        p.put("p99", rank(sorted, 99));
        p.put("p99.9", rank(sorted, 99.9));
        p.put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        return p;
    }

    synchronized double meanMillis() {
        return size == 0 ? 0 : Arrays.stream(millis, 0, size).average().orElse(0);
    }

    /** Per second since {@code startMillis}: responses, p50, p99, max and errors, for the charts. */
    synchronized List<Map<String, Object>> perSecond(long startMillis) {
        TreeMap<Long, List<Integer>> buckets = new TreeMap<>();
        TreeMap<Long, Integer> errors = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            long second = Math.max(0, (completedAt[i] - startMillis) / 1000);
            buckets.computeIfAbsent(second, s -> new ArrayList<>()).add(millis[i]);
            if (!accepted(kinds.get(i))) {
                errors.merge(second, 1, Integer::sum);
            }
        }
        List<Map<String, Object>> series = new ArrayList<>();
        buckets.forEach((second, values) -> {
            int[] sorted = values.stream().mapToInt(Integer::intValue).sorted().toArray();
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("second", second);
            point.put("responses", sorted.length);
            point.put("p50", rank(sorted, 50));
            point.put("p99", rank(sorted, 99));
            point.put("max", sorted[sorted.length - 1]);
            point.put("errors", errors.getOrDefault(second, 0));
            series.add(point);
        });
        return series;
    }

    synchronized long lastCompletion() {
        return Arrays.stream(completedAt, 0, size).max().orElse(0);
    }

    private static int rank(int[] sorted, double percentile) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
