package dev.flashsale.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

class CatalogSnapshotTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void aSaleReadBeforeItsProductIsLeftOutSoEverySaleHasItsProduct() {
        Product product = new Product(1L, "딸기", null, "과일", null, null, 10_000, null, null, null, null, 0L, T, T);
        Sale listed = new Sale(10L, 1L, 7_000, 5, 1, T, T.plusSeconds(3600), 0L, T, T);
        Sale early = new Sale(11L, 2L, 7_000, 5, 1, T, T.plusSeconds(3600), 0L, T, T); // product 2 not read yet
        CatalogSnapshot snapshot = CatalogSnapshot.of(List.of(product), List.of(listed, early));
        assertThat(snapshot.sale(11L)).isEmpty();
        assertThat(snapshot.salesInOrder()).containsExactly(listed);
        assertThat(snapshot.salesInOrder()).allSatisfy(s -> assertThat(snapshot.product(s.productId())).isPresent());
    }
}
