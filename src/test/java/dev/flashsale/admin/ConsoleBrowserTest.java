package dev.flashsale.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import dev.flashsale.support.Browser;
import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

/**
 * The operator console in headless Chromium, end to end against the real service: sign in, create a
 * sale, watch it live while shoppers reserve through the API, lose an edit race, see a stopped job,
 * run a repair dry run. Screenshots go to target/screenshots/.
 */
@TestPropertySource(properties = {"flashsale.jobs.stale-at-least=1s", "flashsale.jobs.publish-every=500ms"})
class ConsoleBrowserTest extends IntegrationTest {

    @Autowired
    ApplicationContext context;

    @BeforeAll
    static void chromium() {
        assumeTrue(Browser.installed(), "skipped: no headless Chromium at " + Browser.CHROMIUM + " with "
                + Browser.CHROMEDRIVER + " (Debian: apt-get install chromium chromium-driver)");
    }

    @Test
    void anOperatorRunsASaleFromTheConsole() {
        long productId = createProduct(12_000).get("id").asLong();
        try (Browser page = new Browser("http://127.0.0.1:" + port)) {
            page.open("/admin");
            signIn(page);
            long saleId = createSaleInThePage(page, productId);

            page.click("tr[data-sale-id='" + saleId + "'] button.watch");
            page.waitForText("#live-total", "20");
            for (int i = 0; i < 3; i++) {
                reserve(saleId);
            }
            page.waitForText("#live-held", "3");
            page.waitForText("#live-available", "17");
            page.until("a few seconds of chart", d -> Integer.parseInt(page.textOf("#chart-span")) >= 5);
            for (int i = 0; i < 5; i++) {
                reserve(saleId);
            }
            page.waitForText("#live-held", "8");
            page.until("a reserve rate above zero", d -> !"0".equals(page.textOf("#live-rates tr[data-outcome='held'] td")));
            shootFrom(page, "#live", "console-live");
            assertThat((Long) page.script("return document.querySelector('#live-chart polyline.available')"
                    + ".getAttribute('points').split(' ').length")).as("chart points").isGreaterThanOrEqualTo(5);

            loseAnEditRace(page, saleId);
            seeAStoppedJob(page);

            page.click("tr[data-sale-id='" + saleId + "'] button.watch");
            page.click("#repair-dry-run");
            page.waitForText("#repair-report", "복구 미리보기 (변경 없음)");
            shootFrom(page, "#stock-form", "console-repair-dry-run");

            @SuppressWarnings("unchecked")
            List<String> urls = (List<String>) page.script(
                    "return performance.getEntriesByType('resource').map(e => e.name)");
            assertThat(urls).as("the token never travels in a URL").noneMatch(url -> url.contains("eyJ"))
                    .anyMatch(url -> url.endsWith("/admin/api/sales/" + saleId + "/live"));

            page.resize(390, 844);
            shootFrom(page, "#live", "console-phone");
        }
    }

    /** This context is not standalone: the demo button says so, and a pasted ADMIN token signs in. */
    private void signIn(Browser page) {
        page.click("#demo-sign-in");
        page.waitForText("#status", "standalone 모드 아님");
        page.screenshot("console-sign-in");
        page.find("#token-input").sendKeys(adminToken());
        page.click("#token-form button[type=submit]");
        page.waitForText("#who-name", "admin-test");
    }

    private long createSaleInThePage(Browser page, long productId) {
        page.click("#new-sale");
        WebElement form = page.find("#sale-form");
        new Select(form.findElement(org.openqa.selenium.By.name("productId"))).selectByValue(String.valueOf(productId));
        type(form, "salePrice", "8900");
        type(form, "totalQuantity", "20");
        type(form, "perUserLimit", "2");
        // a sale open since a minute ago, for an hour, in the browser's local time
        page.script("const pad = n => String(n).padStart(2, '0');"
                + "const local = d => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;"
                + "arguments[0].value = local(new Date(Date.now() - 60000)); arguments[1].value = local(new Date(Date.now() + 3600000));",
                form.findElement(org.openqa.selenium.By.name("startsAt")), form.findElement(org.openqa.selenium.By.name("endsAt")));
        page.click("#save-sale");
        Matcher saved = Pattern.compile("판매 #(\\d+) 저장됨").matcher(page.waitForText("#status", "저장됨"));
        assertThat(saved.find()).isTrue();
        long saleId = Long.parseLong(saved.group(1));
        JsonNode sale = adminGet("/admin/api/sales/" + saleId);
        assertThat(sale.get("salePrice").asLong()).isEqualTo(8900);
        assertThat(sale.get("totalQuantity").asInt()).isEqualTo(20);
        return saleId;
    }

    /** Another admin saves first (through the API, behind the page's back): the page's save is refused. */
    private void loseAnEditRace(Browser page, long saleId) {
        page.click("tr[data-sale-id='" + saleId + "'] button.edit");
        WebElement form = page.find("#sale-form");
        page.until("the form to hold the sale", d -> !form.findElement(org.openqa.selenium.By.name("version"))
                .getDomProperty("value").isEmpty());

        JsonNode current = adminGet("/admin/api/sales/" + saleId);
        client().put().uri("/admin/api/sales/{id}", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("productId", current.get("productId").asLong(), "salePrice", 8800,
                        "totalQuantity", current.get("totalQuantity").asInt(), "perUserLimit", 2,
                        "startsAt", current.get("startsAt").asString(), "endsAt", current.get("endsAt").asString(),
                        "version", current.get("version").asLong()))
                .exchange().expectStatus().isOk();

        type(form, "salePrice", "8700");
        page.click("#save-sale");
        page.waitForText("#conflict", "다른 관리자가 먼저 수정했습니다");
        shootFrom(page, "#sale-form", "console-conflict");
        assertThat(adminGet("/admin/api/sales/" + saleId).get("salePrice").asLong()).as("nothing overwritten")
                .isEqualTo(8800);

        page.click("#conflict-reload");
        page.until("the reloaded price", d -> "8800".equals(form.findElement(org.openqa.selenium.By.name("salePrice"))
                .getDomProperty("value")));
        type(form, "salePrice", "8700");
        page.click("#save-sale");
        page.waitForText("#status", "판매 #" + saleId + " 저장됨");
        assertThat(adminGet("/admin/api/sales/" + saleId).get("salePrice").asLong()).isEqualTo(8700);
    }

    private void seeAStoppedJob(Browser page) {
        SmartLifecycle sweeper = (SmartLifecycle) context.getBean("expirySweeper");
        sweeper.stop();
        try {
            page.until("the sweeper listed as STALE", d -> !page.all("#jobs-table tr.stale[data-job='expiry-sweep']").isEmpty());
            shootFrom(page, "#jobs", "console-stale-job");
        } finally {
            sweeper.start();
        }
    }

    /** The screenshot with the element matching css at the top of the viewport (below the sticky menu). */
    private static void shootFrom(Browser page, String css, String name) {
        page.script("arguments[0].scrollIntoView({block: 'start'})", page.find(css));
        page.screenshot(name);
    }

    private static void type(WebElement form, String name, String value) {
        WebElement input = form.findElement(org.openqa.selenium.By.name(name));
        input.clear();
        input.sendKeys(value);
    }

    private JsonNode adminGet(String path) {
        return client().get().uri(path).headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    private void reserve(long saleId) {
        client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"quantity\":1}").exchange()
                .expectStatus().isCreated();
    }
}
