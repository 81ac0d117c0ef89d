package dev.flashsale.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import dev.flashsale.support.IntegrationTest;

/**
 * The console's page and assets load without a token (they hold no data); every admin API call the
 * console makes stays ADMIN-only.
 */
@TestPropertySource(properties = {"flashsale.jobs.stale-at-least=1s", "flashsale.jobs.publish-every=500ms"})
class ConsoleAccessTest extends IntegrationTest {

    /** What the console's modules call ({@code src/main/resources/static/admin/console/*.js}). */
    private static final List<String[]> CONSOLE_CALLS = List.of(
            new String[] {"GET", "/admin/api/products"}, new String[] {"POST", "/admin/api/products"},
            new String[] {"GET", "/admin/api/products/1"}, new String[] {"PUT", "/admin/api/products/1"},
            new String[] {"GET", "/admin/api/sales"}, new String[] {"POST", "/admin/api/sales"},
            new String[] {"GET", "/admin/api/sales/1"}, new String[] {"PUT", "/admin/api/sales/1"},
            new String[] {"POST", "/admin/api/sales/1/stock"}, new String[] {"GET", "/admin/api/sales/1/live"},
            new String[] {"GET", "/admin/api/sales/1/reconciliation"}, new String[] {"POST", "/admin/api/sales/1/repair"},
            new String[] {"POST", "/admin/api/sales/1/repair?apply=true"}, new String[] {"GET", "/admin/api/jobs"},
            new String[] {"GET", "/admin/api/late-payments"}, new String[] {"GET", "/admin/api/audit?limit=100"});

    @Test
    void aShopperTokenIsRefusedOnEveryAdminCallTheConsoleMakes() {
        String shopper = newShopperToken();
        for (String[] call : CONSOLE_CALLS) {
            client().method(HttpMethod.valueOf(call[0])).uri(call[1]).headers(h -> h.setBearerAuth(shopper))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                    .exchange().expectStatus().isForbidden();
            client().method(HttpMethod.valueOf(call[0])).uri(call[1]).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{}").exchange().expectStatus().isUnauthorized();
        }
    }

    @Test
    void theConsolePageAndItsAssetsLoadWithoutAToken() {
        for (String path : List.of("/admin", "/admin/", "/admin/index.html")) {
            String page = client().get().uri(path).exchange().expectStatus().isOk()
                    .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                    .expectBody(String.class).returnResult().getResponseBody();
            assertThat(page).as(path).contains("플래시 세일 운영 콘솔").contains("/admin/console/app.js");
        }
        for (String asset : List.of("app.js", "api.js", "auth.js", "sse.js", "live.js", "chart.js", "sales.js",
                "products.js", "editor.js", "ops.js", "format.js", "notice.js", "console.css")) {
            client().get().uri("/admin/console/" + asset).exchange().expectStatus().isOk();
        }
        client().get().uri("/lib/sse-events.js").exchange().expectStatus().isOk();
    }

    @Test
    void otherAdminPathsStillNeedAdmin() {
        client().get().uri("/admin/anything").exchange().expectStatus().isUnauthorized();
        client().get().uri("/admin/api/jobs").headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk();
    }
}
