package dev.flashsale.catalog;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.web.StreamCaps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Caps the open stock streams, per client address and in total. Each stream is a connection held
 * open for as long as the client likes, at no cost to an anonymous client, so without a cap one
 * address could hold every file descriptor of the instance.
 */
@Component
class StreamSlots {

    private final StreamCaps caps;

    /** {@code stream-max-connections} unset: a quarter of the heap's worth ({@link StreamCaps#totalOrQuarterOfHeap}). */
    StreamSlots(@Value("${flashsale.catalog.stream-max-connections:#{null}}") Integer maxTotal,
            @Value("${flashsale.catalog.stream-max-per-client:50}") int maxPerClient, MeterRegistry registry) {
        if ((maxTotal != null && maxTotal < 1) || maxPerClient < 1) {
            throw new IllegalStateException("flashsale.catalog.stream-max-connections and stream-max-per-client must be at least 1");
        }
        this.caps = new StreamCaps(StreamCaps.totalOrQuarterOfHeap(maxTotal), maxPerClient);
        Gauge.builder("flashsale.stream.connections", caps, StreamCaps::open)
                .description("Open stock streams (GET /api/sales/stream) on this instance").register(registry);
    }

    /** A slot for one more stream of this client, released by running the answer once; null when a cap is reached. */
    Runnable tryAcquire(String client) {
        return caps.tryAcquire(client);
    }
}
