package dev.flashsale.recommendation.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import dev.flashsale.recommendation.BehaviourType;
import dev.flashsale.recommendation.engine.Interaction;
import dev.flashsale.recommendation.engine.PriceBand;
import dev.flashsale.recommendation.eval.SyntheticCatalog.Product;
import dev.flashsale.recommendation.eval.SyntheticCatalog.Shelf;

/**
 * Shoppers with latent tastes (two favourite shelves, a favourite flavour, a price tier) who visit
 * the shop over {@code days} days. Each visit views a few products drawn by utility (taste,
 * quality, novelty of the listing, noise); the most liked one is sometimes held, and a hold is
 * usually paid. Some shoppers declare part of their taste in their profile, as real ones do.
 */
public final class SyntheticShop {

    public record Config(int shoppers, int products, int days, double meanVisits, long seed) {
        public static final Config FULL = new Config(3000, 500, 60, 14, 42);
    }

    public record Shopper(String id, List<Shelf> favourites, String flavour, int tier, Set<String> declaredCategories,
            PriceBand declaredBand, String declaredAgeBand) {
    }

    /** Each age band leans to one shelf (half of a band's shoppers have it as first favourite). */
    private static final List<String> AGE_BANDS = List.of("UNDER_20", "AGE_20S", "AGE_30S", "AGE_40S", "AGE_50S",
            "AGE_60_PLUS");
    private static final List<String> AGE_LEAN = List.of("간식", "음료", "유제품", "정육", "채소", "수산");

    public record Event(String shopperId, long itemId, BehaviourType type, Instant at) {
        public Interaction interaction() {
            return new Interaction(shopperId, itemId, type.weight(), at);
        }
    }

    public record World(List<Product> products, List<Shopper> shoppers, List<Event> events, Instant start) {
    }

    public static World generate(Config config) {
        Random random = new Random(config.seed());
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        Duration span = Duration.ofDays(config.days());
        List<Product> products = SyntheticCatalog.generate(config.products(), start, span, random);
        List<Shopper> shoppers = new ArrayList<>();
        List<Event> events = new ArrayList<>();
        for (int s = 0; s < config.shoppers(); s++) {
            Shopper shopper = shopper("s" + s, random);
            shoppers.add(shopper);
            int visits = 1 + (int) Math.round(-config.meanVisits() * Math.log(1 - random.nextDouble()));
            for (int v = 0; v < visits; v++) {
                Instant at = start.plusSeconds((long) (random.nextDouble() * span.toSeconds()));
                visit(shopper, products, at, random, events);
            }
        }
        return new World(products, shoppers, events, start);
    }

    private static Shopper shopper(String id, Random random) {
        List<Shelf> shelves = new ArrayList<>(SyntheticCatalog.SHELVES);
        Collections.shuffle(shelves, random);
        int age = random.nextInt(AGE_BANDS.size());
        if (random.nextBoolean()) {
            Shelf lean = shelves.stream().filter(s -> s.category().equals(AGE_LEAN.get(age))).findFirst().orElseThrow();
            shelves.remove(lean);
            shelves.add(0, lean);
        }
        List<Shelf> favourites = List.copyOf(shelves.subList(0, 2));
        String flavour = SyntheticCatalog.FLAVOURS.get(random.nextInt(SyntheticCatalog.FLAVOURS.size()));
        int tier = random.nextInt(3);
        boolean declares = random.nextDouble() < 0.6;
        return new Shopper(id, favourites, flavour, tier,
                declares ? Set.of(favourites.get(0).category()) : Set.of(),
                declares && random.nextBoolean() ? SyntheticCatalog.band(favourites.get(0), tier) : null,
                random.nextDouble() < 0.7 ? AGE_BANDS.get(age) : null);
    }

    private static void visit(Shopper shopper, List<Product> products, Instant at, Random random, List<Event> out) {
        List<Product> listed = products.stream().filter(p -> !p.listedAt().isAfter(at)).toList();
        if (listed.isEmpty()) {
            return;
        }
        double[] weights = new double[listed.size()];
        double total = 0;
        for (int i = 0; i < listed.size(); i++) {
            weights[i] = Math.exp(utility(shopper, listed.get(i), at) + 0.5 * random.nextGaussian());
            total += weights[i];
        }
        int views = 1 + random.nextInt(3);
        Product best = null;
        double bestUtility = Double.NEGATIVE_INFINITY;
        Set<Long> seen = new HashSet<>();
        for (int v = 0; v < views; v++) {
            Product p = listed.get(draw(weights, total, random));
            if (seen.add(p.item().id())) {
                out.add(new Event(shopper.id(), p.item().id(), BehaviourType.VIEW, at.plusSeconds(60L * v)));
                double u = utility(shopper, p, at);
                if (u > bestUtility) {
                    best = p;
                    bestUtility = u;
                }
            }
        }
        if (random.nextDouble() < 0.45) {
            Instant held = at.plusSeconds(600);
            out.add(new Event(shopper.id(), best.item().id(), BehaviourType.RESERVATION, held));
            out.add(new Event(shopper.id(), best.item().id(),
                    random.nextDouble() < 0.75 ? BehaviourType.PURCHASE : BehaviourType.CANCELLATION,
                    held.plusSeconds(300)));
        }
    }

    /** Log-scale appeal of a product to a shopper; drawn with probability proportional to exp(utility). */
    static double utility(Shopper shopper, Product p, Instant at) {
        String category = p.item().category();
        double u = 0;
        if (shopper.favourites().get(0).category().equals(category)) {
            u += 3.0;
        } else if (shopper.favourites().get(1).category().equals(category)) {
            u += 2.2;
        }
        if (shopper.flavour().equals(p.flavour())) {
            u += 2.0;
        }
        u -= 0.8 * Math.abs(shopper.tier() - p.tier());
        u += Math.log(p.quality());
        double ageDays = Duration.between(p.listedAt(), at).toHours() / 24.0;
        return u + 1.5 * Math.exp(-ageDays / 4);
    }

    private static int draw(double[] weights, double total, Random random) {
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r <= 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    static Map<Long, Product> byId(List<Product> products) {
        Map<Long, Product> map = new HashMap<>();
        products.forEach(p -> map.put(p.item().id(), p));
        return map;
    }

    private SyntheticShop() {
    }
}
