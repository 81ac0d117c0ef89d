package dev.flashsale.infra.web;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps open server-sent-event streams, per key (a client address, a shopper) and in total. Each
 * stream is a connection held open for as long as the client likes, so without a cap one client
 * could hold every file descriptor of the instance, and enough clients its whole heap.
 */
public final class StreamCaps {

    /**
     * Heap one open stream holds, rounded up: 31.5 KB measured per notification stream (heap after a full
     * GC with 3,000 streams open against none; the exchange, its filter chain, the token and the
     * subscribers all live as long as the stream; docs/performance.md).
     */
    public static final long HEAP_PER_STREAM = 32 * 1024;

    /**
     * The total cap of one kind of stream when none is configured: its streams fill at most a quarter of
     * the max heap, so the two kinds (stock, notifications) together leave half of it to the rest.
     */
    private static int quarterOfHeap() {
        return (int) Math.max(1, Runtime.getRuntime().maxMemory() / 4 / HEAP_PER_STREAM);
    }

    /** A configured total cap, or, when none is, a quarter of the heap's worth ({@link #quarterOfHeap()}). */
    public static int totalOrQuarterOfHeap(Integer configured) {
        return configured == null ? quarterOfHeap() : configured;
    }

    private final int maxTotal;
    private final int maxPerKey;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perKey = new ConcurrentHashMap<>();

    public StreamCaps(int maxTotal, int maxPerKey) {
        if (maxTotal < 1 || maxPerKey < 1) {
            throw new IllegalArgumentException("stream caps must be at least 1, were " + maxTotal + " and " + maxPerKey);
        }
        this.maxTotal = maxTotal;
        this.maxPerKey = maxPerKey;
    }

    /** Streams open now on this instance (for a gauge). */
    public int open() {
        return open.get();
    }

    /** A slot for one more stream of this key, released by running the answer once; null when a cap is reached. */
    public Runnable tryAcquire(String key) {
        if (open.incrementAndGet() > maxTotal) {
            open.decrementAndGet();
            return null;
        }
        boolean[] granted = {false};
        perKey.compute(key, (k, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerKey) {
                return count;
            }
            granted[0] = true;
            return now + 1;
        });
        if (!granted[0]) {
            open.decrementAndGet();
            return null;
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                perKey.computeIfPresent(key, (k, count) -> count <= 1 ? null : count - 1);
                open.decrementAndGet();
            }
        };
    }
}
