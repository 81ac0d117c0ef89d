package dev.flashsale.salepage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashsale.support.IntegrationTest;

/** The page and its assets are public and cacheable; no browser needed, so this runs everywhere. */
class SalePageServingTest extends IntegrationTest {

    @Test
    void theSalePageIsServedAtTheRootWithoutAToken() {
        String html = client().get().uri("/").exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/html")
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(html).contains("<html lang=\"ko\">", "/sale/app.js");
    }

    @Test
    void itsAssetsArePublicAndCacheableForFiveMinutes() {
        for (String asset : new String[] {"/sale/app.js", "/sale/sale.css", "/sale/messages.js"}) {
            client().get().uri(asset).exchange()
                    .expectStatus().isOk()
                    .expectHeader().valueEquals("Cache-Control", "max-age=300, public");
        }
    }

    @Test
    void everythingElseStillNeedsAToken() {
        client().get().uri("/sale-page-that-is-not-there").exchange().expectStatus().isUnauthorized();
        client().get().uri("/api/cart").exchange().expectStatus().isUnauthorized();
    }
}
