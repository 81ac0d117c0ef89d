package dev.flashsale.infra.problem;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;

/** A body over the codecs' in-memory limit (256 KiB) is a 413 problem with our slug, on controllers and functional routes. */
class OversizedBodyTest extends IntegrationTest {

    private static final String HUGE = "{\"name\":\"" + "x".repeat(300 * 1024) + "\"}";

    @Test
    void anOversizedBodyIs413ContentTooLargeOnControllersAndRoutes() {
        long saleId = openSale(5, 1);
        for (String path : new String[] {"/admin/api/products", "/api/sales/" + saleId + "/reservations"}) {
            client().post().uri(path).headers(h -> h.setBearerAuth(adminToken())).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(HUGE).exchange()
                    .expectStatus().isEqualTo(413)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/content-too-large");
        }
        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectBody()
                .jsonPath("$.available").isEqualTo(5).jsonPath("$.held").isEqualTo(0);
        client().post().uri("/admin/api/products").headers(h -> h.setBearerAuth(adminToken())).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "small enough", "category", "c", "originalPrice", 1)).exchange().expectStatus().isCreated();
    }
}
