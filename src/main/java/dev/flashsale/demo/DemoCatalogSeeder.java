package dev.flashsale.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Standalone mode only: on an empty catalog, adds a few real-looking products and two sales
 * (one on sale now with 1,000 units, one starting tomorrow) so the API has something to show.
 * Never runs again once any product exists, so admin edits survive restarts.
 */
@Component
@ConditionalOnProperty(name = "flashsale.demo.enabled", havingValue = "true", matchIfMissing = false)
class DemoCatalogSeeder {

    private static final Logger log = LoggerFactory.getLogger(DemoCatalogSeeder.class);

    private record DemoProduct(String name, String category, String brand, long price, String coupangId, String kurlyNo,
            String description) {
    }

    private static final List<DemoProduct> PRODUCTS = List.of(
            new DemoProduct("논산 설향 딸기 500g", "과일", "농협", 12_900, "7212350821", "5051290",
                    "새콤달콤한 논산 설향 딸기, 산지 직송"),
            new DemoProduct("제주 무농약 한라봉 2kg", "과일", "제주농협", 29_900, "6834420193", "5063118",
                    "당도 선별 제주 한라봉"),
            new DemoProduct("비비고 왕교자 1.05kg", "냉동식품", "CJ제일제당", 13_980, "1382671041", "1000035125",
                    "국내산 돼지고기와 야채로 빚은 왕교자"),
            new DemoProduct("신라면 멀티팩 5입", "라면", "농심", 4_950, "1290113354", "5016022",
                    "얼큰한 국물의 대표 라면"),
            new DemoProduct("깨끗한나라 3겹 데코 화장지 30롤", "생활용품", "깨끗한나라", 21_900, "4920017751", "5150231",
                    "도톰한 3겹 천연펄프 화장지"),
            new DemoProduct("다우니 섬유유연제 엑스퍼트 실내건조 4L", "생활용품", "다우니", 23_800, "6018229514", "5124877",
                    "실내건조에도 상쾌한 향"));

    private final DatabaseClient db;
    private final CatalogCache cache;
    private final Clock clock;

    DemoCatalogSeeder(DatabaseClient db, CatalogCache cache, Clock clock) {
        this.db = db;
        this.cache = cache;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    void seed() {
        db.sql("select count(*) as n from product").map(row -> row.get("n", Long.class)).one()
                .filter(count -> count == 0)
                .flatMap(empty -> insertAll())
                .then(Mono.defer(cache::changed))
                .subscribe(null, e -> log.error("Demo data could not be seeded", e));
    }

    private Mono<Void> insertAll() {
        Instant now = clock.instant();
        // in order, so on a fresh database the sale on now is sale 1 (the README's examples use it)
        return Flux.fromIterable(PRODUCTS).concatMap(this::insert).collectList().flatMap(ids ->
                insertSale(ids.get(0), 6_900, 1_000, 2, now.minus(Duration.ofMinutes(5)), now.plus(Duration.ofDays(2)))
                        .then(insertSale(ids.get(2), 7_990, 500, 1, now.plus(Duration.ofDays(1)),
                                now.plus(Duration.ofDays(1)).plus(Duration.ofHours(3)))))
                .doOnSuccess(v -> log.info("Seeded demo catalog: {} products, 2 sales", PRODUCTS.size()));
    }

    private Mono<Long> insert(DemoProduct p) {
        return db.sql("""
                insert into product (name, description, category, brand, image_url, original_price,
                                     coupang_product_id, coupang_url, kurly_goods_no, kurly_url)
                values (:name, :description, :category, :brand, :imageUrl, :price, :coupangId, :coupangUrl, :kurlyNo, :kurlyUrl)
                returning id""")
                .bind("name", p.name()).bind("description", p.description()).bind("category", p.category())
                .bind("brand", p.brand())
                .bind("imageUrl", "https://img.flashsale.dev/products/" + p.coupangId() + ".jpg")
                .bind("price", p.price()).bind("coupangId", p.coupangId())
                .bind("coupangUrl", "https://www.coupang.com/vp/products/" + p.coupangId())
                .bind("kurlyNo", p.kurlyNo()).bind("kurlyUrl", "https://www.kurly.com/goods/" + p.kurlyNo())
                .map(row -> row.get("id", Long.class)).one();
    }

    private Mono<Void> insertSale(long productId, long price, int quantity, int limit, Instant startsAt, Instant endsAt) {
        return db.sql("""
                insert into sale (product_id, sale_price, total_quantity, per_user_limit, starts_at, ends_at)
                values (:productId, :price, :quantity, :limit, :startsAt, :endsAt)""")
                .bind("productId", productId).bind("price", price).bind("quantity", quantity).bind("limit", limit)
                .bind("startsAt", startsAt).bind("endsAt", endsAt)
                .then();
    }
}
