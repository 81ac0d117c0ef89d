package dev.flashsale.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import dev.flashsale.catalog.Product;
import dev.flashsale.marketplace.FakeHttpServer.Reply;
import dev.flashsale.marketplace.coupang.CoupangClient;

class MarketplaceLinksTest extends MarketplaceIntegrationTest {

    @Autowired
    MarketplaceLinks links;

    private static Product product(String coupangUrl, String kurlyGoodsNo, String kurlyUrl) {
        return new Product(1L, "딸기", null, "과일", null, null, 10_000, "7012345", coupangUrl, kurlyGoodsNo, kurlyUrl,
                0L, Instant.now(), Instant.now());
    }

    @Test
    void coupangCheckoutUsesATrackedDeeplink() {
        String url = "https://www.coupang.com/vp/products/" + System.nanoTime();
        COUPANG.reset();
        COUPANG.enqueue(Reply.json(200, "{\"rCode\":\"0\",\"rMessage\":\"\",\"data\":[{\"originalUrl\":\"" + url
                + "\",\"shortenUrl\":\"https://link.coupang.com/a/xyz\"}]}"));

        assertThat(links.checkoutUrl(product(url, null, null), Marketplace.COUPANG).block())
                .isEqualTo("https://link.coupang.com/a/xyz");
        assertThat(COUPANG.takeRequest().path()).isEqualTo(CoupangClient.DEEPLINK_PATH);
    }

    @Test
    void coupangOutageFallsBackToThePlainProductPage() {
        String url = "https://www.coupang.com/vp/products/" + System.nanoTime();
        COUPANG.reset();
        COUPANG.enqueue(Reply.json(503, "{\"rCode\":\"503\",\"rMessage\":\"down\"}"));

        assertThat(links.checkoutUrl(product(url, null, null), Marketplace.COUPANG).block()).isEqualTo(url);
    }

    @Test
    void kurlyCheckoutIsTheGoodsPage() {
        assertThat(links.checkoutUrl(product(null, "5051234", null), Marketplace.KURLY).block())
                .isEqualTo("https://www.kurly.com/goods/5051234");
        assertThat(links.checkoutUrl(product(null, null, "https://www.kurly.com/goods/77?x=1"), Marketplace.KURLY)
                .block()).isEqualTo("https://www.kurly.com/goods/77");
        assertThat(links.checkoutUrl(product(null, null, null), Marketplace.KURLY).blockOptional()).isEmpty();
        assertThat(links.checkoutUrl(product(null, null, null), Marketplace.COUPANG).blockOptional()).isEmpty();
    }
}
