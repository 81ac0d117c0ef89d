package dev.flashsale.recommendation.eval;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import dev.flashsale.recommendation.engine.Item;
import dev.flashsale.recommendation.engine.PriceBand;

/**
 * Products with categories and Korean names built the way Coupang and Kurly titles are (origin or
 * grade, flavour, product noun, pack size), so that flavours cross categories: 딸기 is a fruit,
 * a milk, a cake and a jam. Each product also has a hidden quality (how much everyone likes it)
 * and a price tier.
 */
public final class SyntheticCatalog {

    static final List<String> FLAVOURS = List.of("딸기", "바나나", "초코", "망고", "녹차", "사과", "복숭아", "블루베리");

    /** Category, its product nouns, whether names carry a flavour, base price in KRW. */
    public record Shelf(String category, List<String> nouns, boolean flavoured, long basePrice) {
    }

    static final List<Shelf> SHELVES = List.of(
            new Shelf("과일", List.of("생과", "냉동과일", "과일선물세트"), true, 15_000),
            new Shelf("유제품", List.of("우유", "요거트", "치즈케이크", "아이스크림"), true, 6_000),
            new Shelf("간식", List.of("쿠키", "케이크", "젤리", "초콜릿", "잼"), true, 8_000),
            new Shelf("음료", List.of("주스", "스무디", "라떼", "에이드"), true, 5_000),
            new Shelf("채소", List.of("감자", "고구마", "양파", "당근", "배추", "시금치", "버섯", "토마토"), false, 7_000),
            new Shelf("정육", List.of("한우 등심", "돼지 삼겹살", "닭가슴살", "양념 불고기", "소고기 국거리"), false, 30_000),
            new Shelf("수산", List.of("고등어", "연어", "새우", "오징어", "전복", "갈치"), false, 20_000),
            new Shelf("생활용품", List.of("주방세제", "화장지", "샴푸", "치약", "물티슈", "세탁세제"), false, 12_000));

    private static final List<String> ORIGINS = List.of("국내산", "유기농", "프리미엄", "제주", "논산", "무농약", "친환경",
            "대용량", "수제", "산지직송");
    private static final List<String> SIZES = List.of("500g", "1kg", "2kg", "4개입", "10개입", "1L", "6팩", "세트");
    private static final double[] TIERS = {0.5, 1.0, 2.5};

    public record Product(Item item, String flavour, int tier, long price, double quality, Instant listedAt) {
    }

    static List<Product> generate(int count, Instant start, Duration span, Random random) {
        List<Product> products = new ArrayList<>(count);
        for (int id = 1; id <= count; id++) {
            Shelf shelf = SHELVES.get(random.nextInt(SHELVES.size()));
            String flavour = shelf.flavoured() ? FLAVOURS.get(random.nextInt(FLAVOURS.size())) : null;
            String noun = shelf.nouns().get(random.nextInt(shelf.nouns().size()));
            String name = String.join(" ", ORIGINS.get(random.nextInt(ORIGINS.size())),
                    flavour == null ? noun : flavour + " " + noun, SIZES.get(random.nextInt(SIZES.size())));
            int tier = random.nextInt(TIERS.length);
            long price = Math.round(shelf.basePrice() * TIERS[tier] * (0.8 + 0.4 * random.nextDouble()) / 100) * 100;
            double quality = Math.exp(0.6 * random.nextGaussian());
            Instant listedAt = start.plusSeconds((long) (random.nextDouble() * span.toSeconds()));
            products.add(new Product(new Item(id, name, shelf.category(), null), flavour, tier, price, quality,
                    listedAt));
        }
        return products;
    }

    /** The price band a shopper of this tier sees most on this shelf. */
    static PriceBand band(Shelf shelf, int tier) {
        return PriceBand.of(Math.round(shelf.basePrice() * TIERS[tier]));
    }

    private SyntheticCatalog() {
    }
}
