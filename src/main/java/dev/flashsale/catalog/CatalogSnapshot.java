package dev.flashsale.catalog;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** An immutable copy of all products and sales, swapped as a whole on every change. */
public record CatalogSnapshot(Map<Long, Product> products, Map<Long, Sale> sales, List<Sale> salesInOrder) {

    static CatalogSnapshot of(List<Product> products, List<Sale> sales) {
        return new CatalogSnapshot(
                products.stream().collect(Collectors.toUnmodifiableMap(Product::id, Function.identity())),
                sales.stream().collect(Collectors.toUnmodifiableMap(Sale::id, Function.identity())),
                sales.stream().sorted(Comparator.comparing(Sale::startsAt).thenComparing(Sale::id)).toList());
    }

    public Optional<Sale> sale(long id) {
        return Optional.ofNullable(sales.get(id));
    }

    public Optional<Product> product(long id) {
        return Optional.ofNullable(products.get(id));
    }
}
