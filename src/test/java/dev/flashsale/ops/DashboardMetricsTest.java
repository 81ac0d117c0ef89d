package dev.flashsale.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric the "Flash sale — live" dashboard queries must be one the service exposes at
 * /actuator/prometheus, so a renamed meter or a typo in a panel fails the build instead of
 * showing an empty panel during a sale.
 */
class DashboardMetricsTest extends IntegrationTest {

    private static final Path DASHBOARD = Path.of("grafana/dashboards/flash-sale-live.json");

    /** Metric names as the dashboard writes them: known prefixes, PromQL functions never match. */
    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:flashsale|jvm|http|process|system|lettuce|r2dbc|reactor|executor|disk|logback)_[a-z0-9_]+)");

    @Test
    void everyMetricTheDashboardQueriesIsExposed() throws IOException {
        exerciseReservePath();
        Set<String> wanted = dashboardMetrics();
        assertThat(wanted).contains("flashsale_stock_available", "flashsale_reservations_total",
                "http_server_requests_seconds_bucket", "flashsale_expiry_restore_delay_milliseconds_bucket");

        Set<String> checked = new TreeSet<>(wanted);
        // the stock gauges refresh once a second, so the first scrape may predate the new sale
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(exposedMetrics()).containsAll(checked));
    }

    @Test
    void stockGaugesFollowTheSale() {
        long saleId = openSale(5, 1);
        reserve(saleId, newShopperToken());
        reserve(saleId, newShopperToken());
        String sale = "sale=\"" + saleId + "\"";
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> assertThat(scrape().lines()
                        .filter(l -> l.startsWith("flashsale_stock_") && l.contains(sale))
                        .map(l -> l.substring(0, l.indexOf('{')) + " " + l.substring(l.lastIndexOf(' ') + 1))
                        .collect(Collectors.toSet()))
                        .contains("flashsale_stock_available 3.0", "flashsale_stock_held 2.0",
                                "flashsale_stock_sold 0.0"));
    }

    private void exerciseReservePath() {
        long saleId = openSale(1, 1);
        String first = newShopperToken();
        reserve(saleId, first).expectStatus().isCreated();
        reserve(saleId, first).expectStatus().isEqualTo(409);
        reserve(saleId, newShopperToken()).expectStatus().isEqualTo(409);
        // meters that appear on first use: a reconciliation report and a (refused) webhook delivery
        client().get().uri("/admin/api/sales/{id}/reconciliation", saleId).headers(h -> h.setBearerAuth(adminToken()))
                .exchange().expectStatus().isOk();
        client().post().uri("/api/webhooks/coupang/orders").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange().expectStatus().isUnauthorized();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec reserve(long saleId, String token) {
        return client().post().uri("/api/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1)).exchange();
    }

    private static Set<String> dashboardMetrics() throws IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        Set<String> names = new TreeSet<>();
        for (JsonNode node : dashboard.findValues("expr")) {
            collect(node.asString(), names);
        }
        for (JsonNode node : dashboard.findValues("definition")) {
            collect(node.asString(), names);
        }
        return names;
    }

    private static void collect(String expr, Set<String> names) {
        Matcher m = METRIC.matcher(expr);
        while (m.find()) {
            names.add(m.group(1));
        }
    }

    private Set<String> exposedMetrics() {
        return scrape().lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("[{ ]", 2)[0])
                .collect(Collectors.toSet());
    }

    private String scrape() {
        return client().mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build().get().uri("/actuator/prometheus")
                .headers(h -> h.setBearerAuth(adminToken())).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
    }
}
