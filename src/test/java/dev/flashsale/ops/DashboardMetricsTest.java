package dev.flashsale.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * Every metric the "Flash sale — live" dashboard and the alert rules query must be one the service
 * exposes at /actuator/prometheus, so a renamed meter or a typo in a panel or rule fails the build
 * instead of showing an empty panel, or never alerting, during a sale.
 */
class DashboardMetricsTest extends IntegrationTest {

    private static final Path DASHBOARD = Path.of("grafana/dashboards/flash-sale-live.json");
    private static final Path ALERTS = Path.of("prometheus/alerts.yml");

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

    /**
     * Names alone are not enough: a panel also shows nothing when a label it filters or groups on is
     * missing or has another value (a renamed uri template, a dropped application tag). Every
     * selector's matchers and every {@code by (...)} label must be met by at least one exposed series.
     */
    @Test
    void everyLabelFilterTheDashboardUsesMatchesAnExposedSeries() throws IOException {
        exerciseReservePath();
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<String> exprs = dashboard.findValues("expr").stream().map(JsonNode::asString).toList();

        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            List<Series> exposed = series();
            Map<String, String> variables = variables(dashboard, exposed);
            List<String> unmet = new ArrayList<>();
            for (String expr : exprs) {
                List<String> groupedBy = groupingLabels(expr);
                for (Selector selector : selectors(expr, variables)) {
                    boolean met = exposed.stream().anyMatch(s -> selector.matches(s)
                            && s.labels().keySet().containsAll(groupedBy));
                    if (!met) {
                        unmet.add(selector + (groupedBy.isEmpty() ? "" : " by " + groupedBy) + " in " + expr);
                    }
                }
            }
            assertThat(unmet).as("dashboard selectors no exposed series satisfies").isEmpty();
        });
    }

    /**
     * The alert rules (prometheus/alerts.yml) query the same exposition: every metric they name must be
     * exposed with every label they filter or group on. Label values are not required to occur (a
     * healthy run has no 5xx answers for {@code status=~"5.."} to match).
     */
    @Test
    void everyMetricAndLabelTheAlertRulesUseIsExposed() throws IOException {
        exerciseReservePath();
        List<String> exprs = alertExpressions();
        assertThat(exprs).hasSizeGreaterThanOrEqualTo(6);
        Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            List<Series> exposed = series();
            List<String> unmet = new ArrayList<>();
            for (String expr : exprs) {
                List<String> groupedBy = groupingLabels(expr);
                for (Selector selector : selectors(expr, Map.of())) {
                    List<String> labels = new ArrayList<>(groupedBy);
                    selector.matchers().forEach(m -> labels.add(m.label()));
                    if (exposed.stream().noneMatch(s -> s.name().equals(selector.metric())
                            && s.labels().keySet().containsAll(labels))) {
                        unmet.add(selector.metric() + " with labels " + labels + " in " + expr);
                    }
                }
            }
            assertThat(unmet).as("alert rule selectors no exposed series has").isEmpty();
        });
    }

    @SuppressWarnings("unchecked")
    private static List<String> alertExpressions() throws IOException {
        Map<String, Object> rules = new org.yaml.snakeyaml.Yaml().load(Files.readString(ALERTS));
        List<String> exprs = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                exprs.add(String.valueOf(rule.get("expr")));
            }
        }
        return exprs;
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
        String waiting = newShopperToken();
        reserve(saleId, waiting).expectStatus().isEqualTo(409);
        // sold out: a shopper on the waitlist gives the sale a flashsale.waitlist.waiting series
        client().post().uri("/api/sales/{id}/waitlist", saleId).headers(h -> h.setBearerAuth(waiting)).exchange()
                .expectStatus().isCreated();
        // a waiting room's series (flashsale.queue.*) start with its first admission tick; its sale ends in
        // 30 s, before later test classes that rank or count the live sales (recommendations, MCP) run
        Instant now = Instant.now();
        long roomSale = createSale(createProduct(10_000).get("id").asLong(), 7_000, 5, 1, now.minusSeconds(60),
                now.plusSeconds(30)).get("id").asLong();
        client().put().uri("/admin/api/sales/{id}/waiting-room", roomSale).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("enabled", true, "admitPerSecond", 10, "admissionTtl", "PT1M")).exchange()
                .expectStatus().isOk();
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

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern MATCHER = Pattern.compile(
            "\\s*,?\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)");

    record Series(String name, Map<String, String> labels) {
    }

    record LabelMatcher(String label, String op, String value) {
        boolean test(Map<String, String> labels) {
            String actual = labels.get(label);
            return switch (op) {
                case "=" -> value.equals(actual);
                case "!=" -> !value.equals(actual == null ? "" : actual);
                case "=~" -> actual != null && actual.matches(value);
                default -> !(actual == null ? "" : actual).matches(value);
            };
        }
    }

    record Selector(String metric, List<LabelMatcher> matchers) {
        boolean matches(Series s) {
            return s.name().equals(metric) && matchers.stream().allMatch(m -> m.test(s.labels()));
        }
    }

    /** {@code metric{label op "value", ...}} selectors of an expression (values may contain braces). */
    private static List<Selector> selectors(String expr, Map<String, String> variables) {
        List<Selector> out = new ArrayList<>();
        Matcher name = METRIC.matcher(expr);
        while (name.find()) {
            int at = name.end();
            List<LabelMatcher> matchers = new ArrayList<>();
            if (at < expr.length() && expr.charAt(at) == '{') {
                Matcher m = MATCHER.matcher(expr);
                int pos = at + 1;
                while (m.region(pos, expr.length()).lookingAt()) {
                    String value = m.group(3);
                    for (Map.Entry<String, String> v : variables.entrySet()) {
                        value = value.replace("$" + v.getKey(), v.getValue());
                    }
                    matchers.add(new LabelMatcher(m.group(1), m.group(2), value));
                    pos = m.end();
                }
            }
            out.add(new Selector(name.group(1), matchers));
        }
        return out;
    }

    private static List<String> groupingLabels(String expr) {
        List<String> labels = new ArrayList<>();
        Matcher by = BY.matcher(expr);
        while (by.find()) {
            for (String label : by.group(1).split(",")) {
                if (!label.isBlank() && !label.trim().equals("le")) {
                    labels.add(label.trim());
                }
            }
        }
        return labels;
    }

    /** Each template variable as the regex alternation of the values its {@code label_values} query finds. */
    private static Map<String, String> variables(JsonNode dashboard, List<Series> exposed) {
        Map<String, String> variables = new java.util.HashMap<>();
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher query = LABEL_VALUES.matcher(variable.path("definition").asString(""));
            if (query.find()) {
                List<String> values = exposed.stream().filter(s -> s.name().equals(query.group(1)))
                        .map(s -> s.labels().get(query.group(2))).filter(java.util.Objects::nonNull).distinct()
                        .map(Pattern::quote).toList();
                assertThat(values).as("values of variable %s", variable.path("name").asString()).isNotEmpty();
                variables.put(variable.path("name").asString(), "(" + String.join("|", values) + ")");
            }
        }
        return variables;
    }

    private List<Series> series() {
        List<Series> out = new ArrayList<>();
        for (String line : scrape().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList()) {
            Matcher name = NAME.matcher(line);
            if (!name.lookingAt()) {
                continue;
            }
            Map<String, String> labels = new java.util.HashMap<>();
            if (line.length() > name.end() && line.charAt(name.end()) == '{') {
                Matcher label = LABEL.matcher(line.substring(name.end(), line.lastIndexOf('}') + 1));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            out.add(new Series(name.group(), labels));
        }
        return out;
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
