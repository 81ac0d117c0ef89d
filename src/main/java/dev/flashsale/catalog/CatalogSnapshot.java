package dev.flashsale.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An immutable copy of all products and sales, swapped as a whole on every change. */
public record CatalogSnapshot(Map<Long, Product> products, Map<Long, Sale> sales, List<Sale> salesInOrder) {

    /**
     * Products and sales are read by two queries that may straddle the creation of a product and its
     * sale: such a sale is left out until the next reload (which that creation triggers), so every
     * sale in a snapshot has its product.
     */
    static CatalogSnapshot of(List<Product> products, List<Sale> sales) {
        Map<Long, Product> byId = products.stream().collect(Collectors.toUnmodifiableMap(Product::id, Function.identity()));
        List<Sale> complete = sales.stream().filter(s -> byId.containsKey(s.productId())).toList();
        return new CatalogSnapshot(byId,
                complete.stream().collect(Collectors.toUnmodifiableMap(Sale::id, Function.identity())),
                complete.stream().sorted(Comparator.comparing(Sale::startsAt).thenComparing(Sale::id)).toList());
    }

    public Optional<Sale> sale(long id) {
        return Optional.ofNullable(sales.get(id));
    }

    public Optional<Product> product(long id) {
        return Optional.ofNullable(products.get(id));
    }
}
