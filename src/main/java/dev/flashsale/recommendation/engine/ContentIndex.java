package dev.flashsale.recommendation.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TF-IDF vectors of product text (name terms count twice, description terms once, the category
 * is one more term) compared by cosine. Neighbours are found through an inverted index, so the cost
 * grows with shared terms rather than with the square of the catalogue.
 */
public final class ContentIndex {

    /** A term on more than this share of items (e.g. "국내산") separates nothing and costs much. */
    private static final double MAX_DOCUMENT_SHARE = 0.3;

    private final Map<Long, Map<String, Double>> vectors;

    private ContentIndex(Map<Long, Map<String, Double>> vectors) {
        this.vectors = vectors;
    }

    public static ContentIndex build(Collection<Item> items, KoreanText text) {
        Map<Long, Map<String, Integer>> counts = new HashMap<>();
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (Item item : items) {
            Map<String, Integer> tf = new HashMap<>();
            for (String term : text.terms(item.name())) {
                tf.merge(term, 2, Integer::sum);
            }
            for (String term : text.terms(item.description())) {
                tf.merge(term, 1, Integer::sum);
            }
            if (item.category() != null) {
                tf.merge("category:" + item.category(), 1, Integer::sum);
            }
            counts.put(item.id(), tf);
            tf.keySet().forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
        }
        int n = Math.max(1, items.size());
        Map<Long, Map<String, Double>> vectors = new HashMap<>();
        counts.forEach((id, tf) -> {
            Map<String, Double> v = new HashMap<>();
            tf.forEach((term, count) -> {
                int df = documentFrequency.get(term);
                if (n < 10 || df <= MAX_DOCUMENT_SHARE * n) {
                    v.put(term, (1 + Math.log(count)) * Math.log(1.0 + (double) n / df));
                }
            });
            double norm = Math.sqrt(v.values().stream().mapToDouble(x -> x * x).sum());
            if (norm > 0) {
                v.replaceAll((term, w) -> w / norm);
            }
            vectors.put(id, v);
        });
        return new ContentIndex(vectors);
    }

    public double similarity(long a, long b) {
        Map<String, Double> va = vectors.getOrDefault(a, Map.of());
        Map<String, Double> vb = vectors.getOrDefault(b, Map.of());
        double dot = 0;
        for (Map.Entry<String, Double> e : va.entrySet()) {
            dot += e.getValue() * vb.getOrDefault(e.getKey(), 0.0);
        }
        return dot;
    }

    public Neighbours neighbours(int k) {
        Map<String, List<Map.Entry<Long, Double>>> postings = new HashMap<>();
        vectors.forEach((id, v) -> v.forEach((term, w) ->
                postings.computeIfAbsent(term, t -> new ArrayList<>()).add(Map.entry(id, w))));
        Map<Long, Map<Long, Double>> rows = new HashMap<>();
        vectors.forEach((id, v) -> {
            Map<Long, Double> row = new HashMap<>();
            v.forEach((term, w) -> {
                for (Map.Entry<Long, Double> p : postings.get(term)) {
                    row.merge(p.getKey(), w * p.getValue(), Double::sum);
                }
            });
            rows.put(id, row);
        });
        return Neighbours.topK(rows, k);
    }
}
