package dev.flashsale.infra.lifecycle;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When to poll each of many sources (a sale's stream, say) that are mostly idle: a source whose
 * last poll found nothing is polled again after twice the previous wait (from the base interval up
 * to a ceiling); one that found something is polled every tick again. Keeps hundreds of idle sales
 * from costing a Redis call each per tick on every instance.
 */
public final class IdlePolls {

    private final long baseMillis;
    private final long maxMillis;
    /** Per source: {next poll at, current wait}; absent means due every tick. */
    private final Map<Long, long[]> waits = new ConcurrentHashMap<>();

    public IdlePolls(long baseMillis, long maxMillis) {
        this.baseMillis = baseMillis;
        this.maxMillis = maxMillis;
    }

    public boolean due(long source, long nowMillis) {
        long[] state = waits.get(source);
        return state == null || state[0] <= nowMillis;
    }

    /** The poll found work (or work is pending): poll every tick. */
    public void busy(long source) {
        waits.remove(source);
    }

    /** The poll found nothing: wait twice as long as last time, at most the ceiling. */
    public void idle(long source, long nowMillis) {
        long[] state = waits.computeIfAbsent(source, id -> new long[] {0, baseMillis});
        state[1] = Math.min(state[1] * 2, maxMillis);
        state[0] = nowMillis + state[1];
    }
}
