package dev.flashsale.salepage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.marketplace.FakeHttpServer;
import dev.flashsale.support.Browser;
import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The sale page in a real headless Chromium against the whole service: what a shopper sees and
 * does, at desktop and phone size. This context is not standalone, so {@code /dev/tokens} is 404
 * and shoppers sign in through the production seams (a pasted token, a {@code #token=} hand-off).
 * Screenshots of the main states land in target/screenshots.
 */
class SalePageBrowserTest extends IntegrationTest {

    private static Browser browser;

    @Autowired
    DatabaseClient db;

    @Autowired
    CatalogCache catalog;

    @BeforeAll
    static void chromiumInstalled() {
        assumeTrue(Browser.installed(), "Chromium not found at " + Browser.CHROMIUM + " / " + Browser.CHROMEDRIVER
                + ": sale page browser tests skipped (apt-get install chromium chromium-driver; .ci/run does)");
    }

    @BeforeEach
    void oneBrowserForTheClass() {
        if (browser == null) {
            browser = new Browser("http://127.0.0.1:" + port);
        }
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void reservingShowsTheHoldCountingDownAndRemainingUnitsFollowTheStockStream() {
        long saleId = saleOnPage(5, 1280, 900);
        String card = card(saleId);
        assertThat(browser.find(card + " .original").getText()).isEqualTo("10,000원");
        assertThat(browser.find(card + " .rate").getText()).isEqualTo("30%");
        assertThat(browser.find(card + " .badge").getText()).isEqualTo("판매 중");
        assertThat(browser.find(card + " .remaining").getText()).isEqualTo("5");

        signIn("alice-" + System.nanoTime());
        String timer = reserveOnPage(card);
        assertThat(timer).matches("0?9:[0-5][0-9] 동안 보관돼요");
        browser.until("the hold's countdown to move", d -> !timer.equals(browser.textOf("#cart .hold-timer")));
        remainingBecomes(card, "4");

        // someone else's reserve reaches this page over the stock stream, with no click here
        reserveThroughApi(saleId, newShopperToken());
        remainingBecomes(card, "3");
        browser.showAndShoot(card, "desktop-reserved");

        // a second unit is over this sale's limit of one: the problem slug in plain Korean
        browser.find(card + " .reserve").click();
        browser.waitForText(card + " .msg", "1인 구매 한도(1개)를 모두 채웠어요.");

        browser.find("#cart .hold .cancel").click();
        remainingBecomes(card, "4");
        browser.waitForText("#cart-empty", "장바구니가 비어 있어요.");
        assertThat(browser.all("#cart .hold")).isEmpty();
    }

    @Test
    void aSecondShopperSeesTheSoldOutMessageInKoreanAndIsOfferedTheWaitlist() {
        String card = card(saleOnPage(1, 1280, 900));
        signIn("alice-" + System.nanoTime());
        String bob = "bob-" + System.nanoTime();
        // Bob comes back from a shop's own login, which hands the token over in the fragment
        String aliceTab = browser.secondTab("/#token=" + token(bob));
        String bobTab = browser.currentTab();
        browser.waitForText("#who", bob + " 님");
        assertThat(browser.url()).doesNotContain("token");
        browser.waitForText(card + " .badge", "판매 중");

        browser.switchTo(aliceTab);
        reserveOnPage(card);

        browser.switchTo(bobTab);
        browser.waitForText(card + " .badge", "품절");
        browser.waitForText(card + " .wl-status", "아쉽게도 모두 팔렸어요.");
        assertThat(browser.find(card + " .wl-join").isDisplayed()).isTrue();
        assertThat(browser.find(card + " .wl-join").getText()).isEqualTo("대기 신청");
        assertThat(browser.find(card + " .reserve").isDisplayed()).isFalse();
        browser.showAndShoot(card, "desktop-sold-out");
    }

    /** The waitlist end to end, with the offer arriving as a notification. */
    @Test
    void aWaitingShopperIsOfferedTheUnitAnotherReleasesAndClaimsIt() {
        long saleId = openSale(1, 1);
        String card = card(saleId);
        browser.freshPage(1280, 900);
        signIn("alice-" + System.nanoTime());
        reserveOnPage(card);
        String aliceTab = browser.currentTab();

        String bob = "bob-" + System.nanoTime();
        browser.secondTab("/#token=" + token(bob));
        String bobTab = browser.currentTab();
        browser.waitForText(card + " .badge", "품절");
        browser.find(card + " .wl-join").click();
        browser.waitForText(card + " .wl-status", "대기 1번째예요.");

        browser.switchTo(aliceTab);
        browser.find("#cart .hold .cancel").click();
        browser.waitForText("#cart-empty", "장바구니가 비어 있어요.");

        browser.switchTo(bobTab);
        browser.waitForText(card + " .wl-status", "구매 기회가 왔어요!");
        // the same offer arrives over the shopper's notification stream (read with fetch, bearer token)
        browser.waitForText("#notices", "구매 기회가 왔어요");
        browser.showAndShoot(card, "desktop-waitlist-offer");
        browser.find(card + " .wl-claim").click();
        browser.waitForText("#cart .hold-timer", "동안 보관돼요");
        assertStock(saleId, 0, 1, 0);
    }

    /**
     * A sale behind a waiting room: the reserve answers admission-required, the page queues, shows the
     * place while it waits its turn (one admission a second, two shoppers ahead), then reserves with
     * its admission and the hold is in the cart.
     */
    @Test
    void behindAWaitingRoomThePageQueuesShowsThePlaceAndReservesWhenAdmitted() {
        long saleId = openSale(5, 1);
        client().put().uri("/admin/api/sales/{id}/waiting-room", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true, "admitPerSecond", 1, "admissionTtl", "PT1M")).exchange()
                .expectStatus().isOk();
        browser.freshPage(1280, 900);
        String card = card(saleId);
        browser.waitForText(card + " .price", "7,000원");
        String shopper = "queued-" + System.nanoTime();
        signIn(shopper);
        // joined just before the click (not before the page loaded): still ahead when the page queues
        for (int i = 0; i < 2; i++) {
            client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                    .exchange().expectStatus().is2xxSuccessful();
        }

        browser.find(card + " .reserve").click();
        browser.waitForText(card + " .msg", "대기열");
        browser.showAndShoot(card, "desktop-waiting-room");
        browser.waitForText("#cart .hold-timer", "동안 보관돼요");
        assertThat(client().get().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token(shopper)))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                .get("status").asString()).isEqualTo("USED");
    }

    /**
     * With its notification stream open the page learns from the push, not from its slow safety-net
     * poll (every 15 s then), that the last unit was just held by the shopper admitted ahead of it.
     */
    @Test
    void aQueuedPageIsToldTheSellOutByThePushWithinSeconds() {
        Instant now = Instant.now();
        long saleId = createSale(createProduct(10_000).get("id").asLong(), 7_000, 1, 1, now.minusSeconds(60),
                now.plus(Duration.ofMinutes(2))).get("id").asLong();
        client().put().uri("/admin/api/sales/{id}/waiting-room", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true, "admitPerSecond", 1, "admissionTtl", "PT1M")).exchange()
                .expectStatus().isOk();
        String ahead = newShopperToken();
        client().post().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(ahead)).exchange()
                .expectStatus().is2xxSuccessful();
        browser.freshPage(1280, 900);
        String card = card(saleId);
        browser.waitForText(card + " .price", "7,000원");
        signIn("queued-behind-" + System.nanoTime());
        browser.find("html[data-notifications=live]");  // the stream is open: the page polls only every 15 s
        browser.find(card + " .reserve").click();
        // one unit, one shopper ahead: no wait estimate, admission only if that shopper does not buy
        browser.waitForText(card + " .msg", "남은 수량보다 뒤예요");
        browser.showAndShoot(card, "desktop-waiting-room-behind-the-units");
        String admission = awaitAdmission(saleId, ahead);

        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> {
                    h.setBearerAuth(ahead);
                    h.set("X-Admission-Token", admission);
                }).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange().expectStatus().isCreated();
        long held = System.currentTimeMillis();
        browser.waitForText(card + " .msg", "품절");
        assertThat(System.currentTimeMillis() - held).as("told by the push, not the 15 s poll").isLessThan(4_000);
    }

    private String awaitAdmission(long saleId, String token) {
        for (int i = 0; i < 100; i++) {
            JsonNode ticket = client().get().uri("/api/sales/{id}/queue", saleId).headers(h -> h.setBearerAuth(token))
                    .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
            if (ticket.hasNonNull("admissionToken")) {
                return ticket.get("admissionToken").asString();
            }
            sleepQuietly(100);
        }
        throw new AssertionError("not admitted");
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void checkoutSendsTheShopperToTheMarketplacePageOfTheirHold() {
        try (FakeHttpServer marketplace = new FakeHttpServer()) {
            marketplace.otherwise(request -> new FakeHttpServer.Reply(200, "<!doctype html><title>쿠팡</title><p>쿠팡",
                    Map.of("Content-Type", "text/html;charset=UTF-8"), null));
            long productId = createProduct(10_000).get("id").asLong();
            // a product sold on Coupang only, at a local address standing in for coupang.com
            db.sql("update product set coupang_url = :url, kurly_url = null, kurly_goods_no = null where id = :id")
                    .bind("url", marketplace.baseUrl() + "/vp/products/77").bind("id", productId).then().block();
            catalog.changed().block();
            Instant now = Instant.now();
            long saleId = createSale(productId, 7_000, 3, 1, now.minusSeconds(60), now.plus(Duration.ofHours(1)))
                    .get("id").asLong();

            browser.freshPage(1280, 900);
            signIn("carol-" + System.nanoTime());
            reserveOnPage(card(saleId));
            String holdId = browser.find("#cart .hold").getDomAttribute("data-hold-id");
            assertThat(browser.all("#cart .market.kurly")).as("no Kurly link, no Kurly button").isEmpty();
            browser.find("#cart .market.coupang").click();

            browser.until("the marketplace page", d -> d.getCurrentUrl().startsWith(marketplace.baseUrl()));
            assertThat(browser.url()).isEqualTo(marketplace.baseUrl() + "/vp/products/77?fs_reservation=" + holdId);
            assertThat(marketplace.takeRequest().rawQuery()).isEqualTo("fs_reservation=" + holdId);
        }
    }

    @Test
    void onAPhoneThePageFitsTheScreenAndTheCartWorks() {
        String card = card(saleOnPage(10, 390, 844));
        browser.screenshot("phone-sale");
        signIn("dave-" + System.nanoTime());
        reserveOnPage(card);
        remainingBecomes(card, "9");
        browser.script("document.getElementById('cart').scrollIntoView()");
        browser.screenshot("phone-cart");
        assertThat(((Number) browser.script("return document.documentElement.scrollWidth")).intValue())
                .as("no sideways scrolling at 390 px")
                .isLessThanOrEqualTo(((Number) browser.script("return window.innerWidth")).intValue());
    }

    /** A new sale (7,000원, one per shopper) and a fresh tab of the given size showing it. */
    private long saleOnPage(int quantity, int width, int height) {
        long saleId = openSale(quantity, 1);
        browser.freshPage(width, height);
        browser.waitForText(card(saleId) + " .price", "7,000원");
        return saleId;
    }

    private static String card(long saleId) {
        return "#sale-" + saleId;
    }

    /** 장바구니 담기 on the card; answers the new hold's countdown once the cart shows it. */
    private String reserveOnPage(String card) {
        browser.find(card + " .reserve").click();
        return browser.waitForText("#cart .hold-timer", "동안 보관돼요");
    }

    /** Through the production seam: the demo sign-in answers 404 here, so the page asks for a token. */
    private void signIn(String shopper) {
        browser.find("#shopper-id").sendKeys(shopper);
        browser.find("#login-form button").click();
        browser.waitForText("#banner", "토큰으로 로그인해 주세요");
        browser.find("#token-input").sendKeys(token(shopper));
        browser.find("#token-form button").click();
        browser.waitForText("#who", shopper + " 님");
    }

    private void remainingBecomes(String card, String expected) {
        browser.until("remaining units " + expected, d -> expected.equals(browser.textOf(card + " .remaining")));
    }

    private void reserveThroughApi(long saleId, String token) {
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1))
                .exchange().expectStatus().isCreated();
    }
}
