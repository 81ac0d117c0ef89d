package dev.flashsale.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import dev.flashsale.support.IntegrationTest;

/**
 * The deployment files work as written, as far as this machine can tell without a container engine or
 * a cluster: they are parsed and cross-checked against each other and against the running service
 * (ports, probe paths that answer, environment variables that are documented properties, files they
 * mount, secret keys they reference), and {@code deploy/mint-token.sh} mints tokens the service accepts.
 */
class DeploymentFilesTest extends IntegrationTest {

    private static final Pattern PROPERTY = Pattern.compile("`([a-z][a-z0-9.-]+)`");

    @Test
    void composeWiresTheProxyPrometheusAndTheAppOnTheSamePortsAndDocumentedProperties() throws IOException {
        Map<String, Object> services = map(yaml(Path.of("docker-compose.yml")).get("services"));
        Map<String, Object> app = map(services.get("app"));
        Map<String, Object> env = map(app.get("environment"));
        assertThat(env.get("MANAGEMENT_SERVER_PORT")).isEqualTo("8081");
        assertThat(app).as("the app is reached through the proxy only").doesNotContainKey("ports");
        assertThat(documented(env.keySet())).as("environment variables that are no documented property").isEmpty();
        for (String secret : List.of("FLASHSALE_SECURITY_JWT_SECRET", "FLASHSALE_WEBHOOKS_SECRETS_COUPANG",
                "FLASHSALE_WEBHOOKS_SECRETS_KURLY")) {
            assertThat(String.valueOf(env.get(secret))).as(secret + " has no default").contains(":?");
            assertThat(Files.readString(Path.of(".env.example"))).contains(secret + "=");
        }

        String haproxy = Files.readString(Path.of("deploy/haproxy.cfg"));
        assertThat(haproxy).contains("uri /actuator/health/readiness", "check port 8081",
                "server-template app ", "app:8080", "bind :8080", "set-header X-Forwarded-For %[src]");
        assertThat(String.valueOf(env.get("SERVER_FORWARD_HEADERS_STRATEGY"))).isEqualTo("native");
        assertThat(map(services.get("proxy")).get("ports").toString()).contains("8080:8080");

        String prometheus = Files.readString(Path.of("prometheus/prometheus.yml"));
        assertThat(prometheus).contains("names: [\"app\"]", "port: 8081", "metrics_path: /actuator/prometheus");
        for (Map.Entry<String, Object> service : services.entrySet()) {
            for (String mount : volumes(map(service.getValue()))) {
                assertThat(Path.of(mount)).as(service.getKey() + " mounts " + mount).exists();
            }
        }
        assertThat(probe("/actuator/health/readiness")).isEqualTo(200);
        assertThat(probe("/actuator/prometheus")).as("the scrape path (ADMIN on the app port)").isEqualTo(401);
    }

    @Test
    void theKubernetesManifestsAgreeWithEachOtherAndWithTheService() throws IOException {
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        for (Object doc : new Yaml().loadAll(Files.readString(Path.of("k8s/deployment.yaml")))) {
            byKind.put(String.valueOf(map(doc).get("kind")), map(doc));
        }
        assertThat(byKind).containsKeys("Deployment", "ConfigMap", "Service", "PodDisruptionBudget",
                "HorizontalPodAutoscaler");
        Map<String, Object> pod = map(map(map(byKind.get("Deployment").get("spec")).get("template")).get("spec"));
        Map<String, Object> container = map(list(pod.get("containers")).get(0));
        Map<String, Integer> ports = new HashMap<>();
        list(container.get("ports")).forEach(p -> ports.put(String.valueOf(map(p).get("name")), (Integer) map(p).get("containerPort")));
        Map<String, Object> config = map(byKind.get("ConfigMap").get("data"));
        assertThat(ports.get("management")).isEqualTo(Integer.parseInt(String.valueOf(config.get("MANAGEMENT_SERVER_PORT"))));
        assertThat(map(map(map(byKind.get("Deployment").get("spec")).get("template")).get("metadata")).get("annotations").toString())
                .contains("prometheus.io/port=" + ports.get("management"));

        for (String probe : List.of("startupProbe", "readinessProbe", "livenessProbe")) {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            assertThat(ports).as(probe + " port").containsKey(String.valueOf(get.get("port")));
            assertThat(probe(String.valueOf(get.get("path")))).as(probe + " path answers").isEqualTo(200);
        }
        assertThat(map(container.get("securityContext")).get("readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(map(pod.get("securityContext")).get("runAsNonRoot")).isEqualTo(true);

        Set<String> env = new TreeSet<>(config.keySet());
        Set<String> secretKeys = map(yaml(Path.of("k8s/secret.example.yaml")).get("stringData")).keySet();
        for (Object e : list(container.get("env"))) {
            env.add(String.valueOf(map(e).get("name")));
            Object from = map(e).get("valueFrom");
            if (from != null) {
                assertThat(secretKeys).contains(String.valueOf(map(map(from).get("secretKeyRef")).get("key")));
            }
        }
        assertThat(documented(env)).as("environment variables that are no documented property").isEmpty();

        Map<String, Object> service = map(byKind.get("Service").get("spec"));
        assertThat(ports).containsKey(String.valueOf(map(list(service.get("ports")).get(0)).get("targetPort")));
        assertThat(map(byKind.get("PodDisruptionBudget").get("spec")).get("selector").toString()).contains("app=flash-sale");
        assertThat(map(map(byKind.get("HorizontalPodAutoscaler").get("spec")).get("scaleTargetRef")).get("name"))
                .isEqualTo(map(byKind.get("Deployment").get("metadata")).get("name"));
        assertThat(Files.readString(Path.of("k8s/deployment.yaml"))).contains("flashsale_reserve_inflight");
        assertThat(scrapedNames()).as("the HPA's metric is exposed").contains("flashsale_reserve_inflight");
    }

    @Test
    void mintedTokensAreAcceptedWithTheSecretAndRefusedWithAnother() throws Exception {
        String shopper = mint(JWT_SECRET, "u-minted");
        String admin = mint(JWT_SECRET, "ops-minted", "ADMIN");
        client().get().uri("/api/cart").headers(h -> h.setBearerAuth(shopper)).exchange().expectStatus().isOk();
        client().get().uri("/admin/api/jobs").headers(h -> h.setBearerAuth(shopper)).exchange().expectStatus().isForbidden();
        client().get().uri("/admin/api/jobs").headers(h -> h.setBearerAuth(admin)).exchange().expectStatus().isOk();
        String forged = mint("c29tZS1vdGhlci1zZWNyZXQtb2YtZW5vdWdoLWxlbmd0aC0xMjM0", "ops-minted", "ADMIN");
        client().get().uri("/admin/api/jobs").headers(h -> h.setBearerAuth(forged)).exchange().expectStatus().isUnauthorized();
    }

    private static String mint(String secret, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("deploy/mint-token.sh"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("FLASHSALE_SECURITY_JWT_SECRET", secret);
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)).isZero();
        return out;
    }

    /** The variables whose relaxed property name is not in the property table (docs/configuration.md). */
    private static Set<String> documented(Set<String> variables) throws IOException {
        Set<String> known = new TreeSet<>();
        Matcher m = PROPERTY.matcher(Files.readString(Path.of("docs/configuration.md")));
        while (m.find()) {
            known.add(relaxed(m.group(1)));
        }
        Set<String> unknown = new TreeSet<>();
        for (String variable : variables) {
            if (!known.contains(relaxed(variable))) {
                unknown.add(variable);
            }
        }
        return unknown;
    }

    private static String relaxed(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private int probe(String path) {
        return client().get().uri(path).exchange().returnResult(String.class).getStatus().value();
    }

    private Set<String> scrapedNames() {
        String body = client().mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectBody(String.class).returnResult().getResponseBody();
        Set<String> names = new TreeSet<>();
        body.lines().filter(l -> !l.startsWith("#") && !l.isBlank()).forEach(l -> names.add(l.split("[{ ]", 2)[0]));
        return names;
    }

    private static List<String> volumes(Map<String, Object> service) {
        List<String> files = new ArrayList<>();
        for (Object volume : list(service.getOrDefault("volumes", List.of()))) {
            String source = String.valueOf(volume).split(":")[0];
            if (source.startsWith("./")) {
                files.add(source);
            }
        }
        return files;
    }

    private static Map<String, Object> yaml(Path file) throws IOException {
        return new Yaml().load(Files.readString(file));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
