package dev.flashsale.catalog;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Caps the open stock streams, per client address and in total. Each stream is a connection held
 * open for as long as the client likes, at no cost to an anonymous client, so without a cap one
 * address could hold every file descriptor of the instance.
 */
@Component
class StreamSlots {

    private final int maxTotal;
    private final int maxPerClient;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();

    StreamSlots(@Value("${flashsale.catalog.stream-max-connections:20000}") int maxTotal,
            @Value("${flashsale.catalog.stream-max-per-client:50}") int maxPerClient, MeterRegistry registry) {
        if (maxTotal < 1 || maxPerClient < 1) {
            throw new IllegalStateException("flashsale.catalog.stream-max-connections and stream-max-per-client must be at least 1");
        }
        this.maxTotal = maxTotal;
        this.maxPerClient = maxPerClient;
        Gauge.builder("flashsale.stream.connections", open, AtomicInteger::get)
                .description("Open stock streams (GET /api/sales/stream) on this instance").register(registry);
    }

    /** A slot for one more stream of this client, released by running the answer once; null when a cap is reached. */
    Runnable tryAcquire(String client) {
        if (open.incrementAndGet() > maxTotal) {
            open.decrementAndGet();
            return null;
        }
        boolean[] granted = {false};
        perClient.compute(client, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= maxPerClient) {
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
                perClient.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
                open.decrementAndGet();
            }
        };
    }
}
