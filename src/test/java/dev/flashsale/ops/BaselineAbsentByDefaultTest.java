package dev.flashsale.ops;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import dev.flashsale.support.IntegrationTest;

/** Without flashsale.baseline.enabled the benchmark's row-lock route does not exist. */
class BaselineAbsentByDefaultTest extends IntegrationTest {

    @Test
    void baselineRouteIsNotFound() {
        long saleId = openSale(1, 1);
        client().post().uri("/baseline/sales/{id}/reservations", saleId).headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("quantity", 1))
                .exchange().expectStatus().isNotFound();
    }
}
