package dev.flashsale.recommendation.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Precomputed top-K similar items per item, so a request walks short lists instead of comparing
 * the whole catalogue. Immutable once built.
 */
public final class Neighbours {

    public record Neighbour(long itemId, double similarity) {
    }

    private final Map<Long, List<Neighbour>> byItem;

    private Neighbours(Map<Long, List<Neighbour>> byItem) {
        this.byItem = byItem;
    }

    public static Neighbours empty() {
        return new Neighbours(Map.of());
    }

    public List<Neighbour> of(long itemId) {
        return byItem.getOrDefault(itemId, List.of());
    }

    public double similarity(long a, long b) {
        for (Neighbour n : of(a)) {
            if (n.itemId() == b) {
                return n.similarity();
            }
        }
        return 0;
    }

    /** Keeps the {@code k} most similar entries of each row; rows are item id to similarity. */
    static Neighbours topK(Map<Long, Map<Long, Double>> rows, int k) {
        Map<Long, List<Neighbour>> result = new HashMap<>();
        rows.forEach((item, row) -> {
            PriorityQueue<Neighbour> best = new PriorityQueue<>(
                    (x, y) -> Double.compare(x.similarity(), y.similarity()));
            row.forEach((other, sim) -> {
                if (other.longValue() != item && sim > 0) {
                    best.add(new Neighbour(other, sim));
                    if (best.size() > k) {
                        best.poll();
                    }
                }
            });
            List<Neighbour> list = new ArrayList<>(best);
            list.sort((x, y) -> Double.compare(y.similarity(), x.similarity()));
            result.put(item, Collections.unmodifiableList(list));
        });
        return new Neighbours(Map.copyOf(result));
    }
}
