package dev.flashsale.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;

/**
 * As deployed (docker-compose, Kubernetes): actuator on a separate management port that only the
 * cluster reaches. Prometheus scrapes it there without a token; the public port answers the scrape
 * to ADMIN only.
 */
@TestPropertySource(properties = "management.server.port=0")
class ManagementPortTest extends IntegrationTest {

    @Value("${local.management.port}")
    int managementPort;

    @Test
    void prometheusScrapesTheManagementPortWithoutATokenWhileThePublicPortWantsAdmin() {
        assertThat(managementPort).isPositive().isNotEqualTo(port);
        WebTestClient management = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(30)).build();
        String scrape = management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("jvm_memory_used_bytes");
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();

        client().get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized();
        client().get().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized();
    }
}
