package dev.flashsale.reservation;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.springframework.stereotype.Component;

/**
 * This instance's reserve outcomes and restore delays per sale since the last {@link #drain()}, for
 * the operator's live monitor. In memory only: the reserve path adds to a {@link LongAdder} and makes
 * no extra Redis call; the monitor publishes what it drains once a second.
 */
@Component
public class LiveCounts {

    /** Upper bounds (ms) of the restore-delay buckets; one more bucket holds everything slower. */
    public static final long[] DELAY_BOUNDS = {10, 25, 50, 100, 200, 300, 500, 750, 1_000, 2_000, 5_000, 10_000, 60_000};

    /** What one sale saw since the last drain. */
    public record Counts(Map<String, Long> outcomes, long[] delayBuckets) {
    }

    private static final class SaleCounts {
        final Map<String, LongAdder> outcomes = new ConcurrentHashMap<>();
        final LongAdder[] delays = new LongAdder[DELAY_BOUNDS.length + 1];

        SaleCounts() {
            for (int i = 0; i < delays.length; i++) {
                delays[i] = new LongAdder();
            }
        }
    }

    private final Map<Long, SaleCounts> sales = new ConcurrentHashMap<>();

    void outcome(long saleId, String outcome) {
        sales.computeIfAbsent(saleId, id -> new SaleCounts()).outcomes.computeIfAbsent(outcome, o -> new LongAdder())
                .increment();
    }

    void restoreDelay(long saleId, long millis) {
        int bucket = 0;
        while (bucket < DELAY_BOUNDS.length && millis > DELAY_BOUNDS[bucket]) {
            bucket++;
        }
        sales.computeIfAbsent(saleId, id -> new SaleCounts()).delays[bucket].increment();
    }

    /**
     * The counts since the previous call, per sale with any; counters start again from zero. A sale with
     * nothing is forgotten, so ended sales cost no memory (an increment racing that removal is lost: a
     * count in a per-second rate, not a ledger).
     */
    public Map<Long, Counts> drain() {
        Map<Long, Counts> drained = new HashMap<>();
        sales.forEach((saleId, counts) -> {
            Map<String, Long> outcomes = new HashMap<>();
            counts.outcomes.forEach((outcome, adder) -> {
                long n = adder.sumThenReset();
                if (n > 0) {
                    outcomes.put(outcome, n);
                }
            });
            long[] delays = new long[counts.delays.length];
            long restored = 0;
            for (int i = 0; i < delays.length; i++) {
                delays[i] = counts.delays[i].sumThenReset();
                restored += delays[i];
            }
            if (outcomes.isEmpty() && restored == 0) {
                sales.remove(saleId, counts);
            } else {
                drained.put(saleId, new Counts(outcomes, delays));
            }
        });
        return drained;
    }
}
