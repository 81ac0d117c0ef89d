package dev.flashsale.mcp;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/**
 * Candidates an admin has seen recently, so "import" can refer to one by id. In memory on
 * purpose: they are cheap to find again, and DESIGN.md keeps TTL'd keys out of Redis DB 0.
 * With several instances, import on the instance that served the search, or search again.
 */
@Component
class CandidateStore {

    private static final int MAX = 2_000;

    private record Entry(Candidate candidate, Instant expiresAt) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX;
        }
    };
    private final McpClientProperties props;
    private final Clock clock;

    CandidateStore(McpClientProperties props, Clock clock) {
        this.props = props;
        this.clock = clock;
    }

    synchronized void remember(List<Candidate> candidates) {
        Instant until = clock.instant().plus(props.candidateTtl());
        candidates.forEach(c -> entries.put(c.id(), new Entry(c, until)));
    }

    synchronized Optional<Candidate> find(String id) {
        Entry e = entries.get(id);
        if (e == null || !clock.instant().isBefore(e.expiresAt())) {
            entries.remove(id);
            return Optional.empty();
        }
        return Optional.of(e.candidate());
    }
}
