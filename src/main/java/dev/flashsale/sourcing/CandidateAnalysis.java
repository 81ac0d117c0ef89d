package dev.flashsale.sourcing;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Groups external offers into catalog candidates and computes their price statistics. */
final class CandidateAnalysis {

    private CandidateAnalysis() {
    }

    static List<Candidate> candidates(List<ExternalProduct> products) {
        Map<String, List<ExternalProduct>> groups = new LinkedHashMap<>();
        for (ExternalProduct p : products) {
            groups.computeIfAbsent(key(p.name()), k -> new java.util.ArrayList<>()).add(p);
        }
        return groups.entrySet().stream()
                .map(e -> candidate(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt((Candidate c) -> -c.offers().size())
                        .thenComparingLong(c -> c.prices().min()))
                .toList();
    }

    /**
     * Sellers decorate names ("[무료배송] 설향 딸기 1kg", "설향딸기 1KG"): drop bracketed tags,
     * case and punctuation, and compare the rest without spaces.
     */
    static String key(String name) {
        return name.toLowerCase(Locale.ROOT)
                .replaceAll("\\[[^]]*]|\\([^)]*\\)", " ")
                .replaceAll("[^\\p{L}\\p{N}]+", "");
    }

    private static Candidate candidate(String key, List<ExternalProduct> offers) {
        List<Long> prices = offers.stream().map(ExternalProduct::price).sorted().toList();
        int n = prices.size();
        long min = prices.get(0);
        long max = prices.get(n - 1);
        long median = n % 2 == 1 ? prices.get(n / 2) : (prices.get(n / 2 - 1) + prices.get(n / 2)) / 2;
        long listPrice = offers.stream().map(ExternalProduct::originalPrice).filter(p -> p != null && p > 0)
                .max(Long::compare).orElse(max);
        long thirtyOff = listPrice * 70 / 100 / 10 * 10; // KRW prices end in 0
        ExternalProduct first = offers.get(0);
        String id = UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
        return new Candidate(id, first.name(), first.category(),
                offers.stream().map(ExternalProduct::imageUrl).filter(i -> i != null).findFirst().orElse(null),
                offers, new Candidate.PriceStats(n, min, median, max),
                new Candidate.Discounts(listPrice, percentOff(listPrice, min), percentOff(listPrice, median),
                        percentOff(max, min), thirtyOff, thirtyOff < min));
    }

    static int percentOff(long from, long to) {
        if (from <= 0 || to >= from) {
            return 0;
        }
        return (int) ((from - to) * 100 / from);
    }
}
