package dev.flashsale.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.flashsale.support.IntegrationTest;

class OperationsTest extends IntegrationTest {

    @Test
    void readinessChecksRedisAndPostgres() {
        client().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        client().get().uri("/actuator/health").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP");
        client().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
    }

    @Test
    void prometheusScrapeOnTheApplicationPortIsForAdminsOnly() {
        client().get().uri("/actuator/prometheus").exchange().expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/unauthorized");
        client().get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isForbidden();
        // every open sale of the suite has its stock series: more than the client's default 256 KiB
        String body = client().mutate().codecs(c -> c.defaultCodecs().maxInMemorySize(4 * 1024 * 1024)).build()
                .get().uri("/actuator/prometheus").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).contains("jvm_memory_used_bytes");
    }

    @Test
    void openApiDocumentDescribesTheSaleApiToAdminsOnly() {
        client().get().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized();
        client().get().uri("/swagger-ui.html").exchange().expectStatus().isUnauthorized();
        String doc = client().get().uri("/v3/api-docs").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(doc).contains("/api/sales/{saleId}/stock").contains("/admin/api/sales");
        client().get().uri("/swagger-ui.html").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().is3xxRedirection();
    }
}
