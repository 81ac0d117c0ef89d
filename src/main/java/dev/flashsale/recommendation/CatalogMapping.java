package dev.flashsale.recommendation;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.flashsale.catalog.CatalogSnapshot;
import dev.flashsale.catalog.Product;
import dev.flashsale.catalog.SaleStatus;
import dev.flashsale.catalog.SaleView;
import dev.flashsale.recommendation.engine.RankingCandidate;
import dev.flashsale.recommendation.engine.Interaction;
import dev.flashsale.recommendation.engine.Item;

/**
 * Translates the catalog into the engine's terms. The engine's items are products, not sales:
 * shoppers' interest in a product carries over from one sale of it to the next, and a product
 * shown twice (two live sales) would be a wasted slot.
 */
final class CatalogMapping {

    private CatalogMapping() {
    }

    static List<Item> items(CatalogSnapshot snapshot) {
        return snapshot.products().values().stream()
                .map(p -> new Item(p.id(), p.name(), p.category(), p.description()))
                .toList();
    }

    /** Behaviour on sales the catalog no longer has is skipped. */
    static Optional<Interaction> interaction(CatalogSnapshot snapshot, BehaviourEvent e) {
        return snapshot.sale(e.saleId())
                .map(sale -> new Interaction(e.shopperId(), sale.productId(), e.type().weight(), e.at()));
    }

    /**
     * The sale to show per product among sales that are on now: one with stock if any, the
     * cheapest of those. Sold-out products stay in, marked, so the ranker can replace them.
     */
    static Map<Long, SaleView> liveSaleByProduct(Collection<SaleView> views) {
        Map<Long, SaleView> best = new LinkedHashMap<>();
        for (SaleView v : views) {
            if (v.status() == SaleStatus.ON_SALE || v.status() == SaleStatus.SOLD_OUT) {
                best.merge(v.productId(), v, CatalogMapping::better);
            }
        }
        return best;
    }

    static RankingCandidate candidate(CatalogSnapshot snapshot, SaleView v) {
        String category = snapshot.product(v.productId()).map(Product::category).orElse(null);
        return new RankingCandidate(v.productId(), category, v.salePrice(), v.startsAt(),
                v.status() == SaleStatus.ON_SALE);
    }

    private static SaleView better(SaleView a, SaleView b) {
        boolean aOpen = a.status() == SaleStatus.ON_SALE;
        boolean bOpen = b.status() == SaleStatus.ON_SALE;
        if (aOpen != bOpen) {
            return aOpen ? a : b;
        }
        return a.salePrice() <= b.salePrice() ? a : b;
    }
}
