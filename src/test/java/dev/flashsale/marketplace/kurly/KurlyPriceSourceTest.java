package dev.flashsale.marketplace.kurly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.flashsale.catalog.Product;
import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.marketplace.MarketplaceOffer;
import dev.flashsale.marketplace.MutableClock;
import reactor.core.publisher.Mono;

/** Kurly prices through a plugged-in data source (Kurly has no partner API of its own). */
class KurlyPriceSourceTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    private static Product product(String goodsNo, String kurlyUrl) {
        return new Product(5L, "딸기", null, "과일", null, null, 10_000, null, null, goodsNo, kurlyUrl, 0L, null, null);
    }

    @Test
    void offerComesFromThePluggedSourceWithTheGoodsPage() {
        KurlyPriceSource source = new KurlyPriceSource(
                no -> Mono.just(new KurlyProductData.KurlyGoods(no, "딸기", 8_900, true)), clock);

        assertThat(source.offer(product(null, "https://www.kurly.com/goods/5051234")).block()).isEqualTo(
                new MarketplaceOffer(5L, Marketplace.KURLY, "5051234", 8_900, false,
                        "https://www.kurly.com/goods/5051234", clock.instant()));
    }

    @Test
    void productsWithoutAGoodsNumberAreNotListed() {
        KurlyPriceSource source = new KurlyPriceSource(no -> Mono.error(new AssertionError("not asked")), clock);
        assertThat(source.lists(product(null, "https://www.kurly.com/search?sword=x"))).isFalse();
        assertThat(source.lists(product("42", null))).isTrue();
        assertThat(source.offer(product(null, null)).blockOptional()).isEmpty();
    }
}
