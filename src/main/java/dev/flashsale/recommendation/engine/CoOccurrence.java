package dev.flashsale.recommendation.engine;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Item-based collaborative filtering: two items are similar when the same shoppers showed
 * interest in both (cosine over shopper-interest vectors). Each shopper contributes only the
 * most recent {@code perShopperCap} items, which bounds the quadratic pair count of heavy
 * browsers and keeps tastes current.
 */
public final class CoOccurrence {

    private CoOccurrence() {
    }

    public static Neighbours build(Collection<Interaction> interactions, int perShopperCap, int k) {
        Map<String, Map<Long, Interaction>> byShopper = new HashMap<>();
        for (Interaction i : interactions) {
            byShopper.computeIfAbsent(i.shopperId(), s -> new HashMap<>())
                    .merge(i.itemId(), i, CoOccurrence::stronger);
        }
        Map<Long, Map<Long, Double>> dots = new HashMap<>();
        Map<Long, Double> squares = new HashMap<>();
        for (Map<Long, Interaction> items : byShopper.values()) {
            List<Interaction> recent = new ArrayList<>(items.values());
            recent.sort(Comparator.comparing(Interaction::at).reversed());
            if (recent.size() > perShopperCap) {
                recent = recent.subList(0, perShopperCap);
            }
            for (Interaction a : recent) {
                squares.merge(a.itemId(), a.weight() * a.weight(), Double::sum);
                Map<Long, Double> row = dots.computeIfAbsent(a.itemId(), id -> new HashMap<>());
                for (Interaction b : recent) {
                    if (a.itemId() != b.itemId()) {
                        row.merge(b.itemId(), a.weight() * b.weight(), Double::sum);
                    }
                }
            }
        }
        dots.forEach((a, row) -> row.replaceAll((b, dot) -> dot / Math.sqrt(squares.get(a) * squares.get(b))));
        return Neighbours.topK(dots, k);
    }

    /** A shopper who viewed and then bought an item counts once, as a buyer, at the latest time. */
    private static Interaction stronger(Interaction x, Interaction y) {
        Interaction strong = x.weight() >= y.weight() ? x : y;
        Interaction late = x.at().isAfter(y.at()) ? x : y;
        return new Interaction(strong.shopperId(), strong.itemId(), strong.weight(), late.at());
    }
}
