package dev.flashsale.catalog;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Service;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import dev.flashsale.infra.audit.AuditTrail;

/**
 * Admin writes to the catalog. Updates carry the version the admin last saw; a stale one fails
 * with an optimistic-locking conflict (409) rather than silently overwriting a colleague's edit.
 */
@Service
class CatalogAdmin {

    private final ProductRepository products;
    private final SaleRepository sales;
    private final CatalogCache cache;
    private final List<SaleHooks> hooks;
    private final AuditTrail audit;
    private final Clock clock;

    CatalogAdmin(ProductRepository products, SaleRepository sales, CatalogCache cache,
            List<SaleHooks> hooks, AuditTrail audit, Clock clock) {
        this.products = products;
        this.sales = sales;
        this.cache = cache;
        this.hooks = hooks;
        this.audit = audit;
        this.clock = clock;
    }

    Mono<Product> createProduct(ProductRequest r) {
        return createProduct(r, "product.create");
    }

    /** A new product, audited under {@code action} (an admin's create, or an import). */
    Mono<Product> createProduct(ProductRequest r, String action) {
        Instant now = clock.instant();
        return products.save(toProduct(null, null, r, now, now)).flatMap(this::afterChange)
                .flatMap(saved -> audited(action, "product/" + saved.id(), null, saved));
    }

    Mono<Product> updateProduct(long id, ProductRequest r) {
        requireVersion(r.version());
        return product(id).flatMap(existing -> products.save(toProduct(id, r.version(), r, existing.createdAt(),
                        clock.instant()))
                .flatMap(this::afterChange)
                .flatMap(saved -> audited("product.update", "product/" + id, existing, saved)));
    }

    Mono<Product> product(long id) {
        return products.findById(id).switchIfEmpty(Mono.error(() ->
                new ApiException(ProblemType.PRODUCT_NOT_FOUND, "No product with id " + id + ".")));
    }

    Mono<Sale> createSale(SaleRequest r) {
        Instant now = clock.instant();
        return checkPrice(r).then(sales.save(toSale(null, null, r, now, now))).flatMap(this::afterSaleSaved)
                .flatMap(saved -> audited("sale.create", "sale/" + saved.id(), null, saved));
    }

    Mono<Sale> updateSale(long id, SaleRequest r) {
        requireVersion(r.version());
        return sale(id).flatMap(existing -> {
            Sale proposed = toSale(id, r.version(), r, existing.createdAt(), clock.instant());
            return checkPrice(r)
                    .then(Flux.fromIterable(hooks).concatMap(h -> h.beforeUpdate(existing, proposed)).then())
                    .then(sales.save(proposed))
                    .flatMap(this::afterSaleSaved)
                    .flatMap(saved -> audited("sale.update", "sale/" + id, existing, saved));
        });
    }

    Mono<Sale> sale(long id) {
        return sales.findById(id).switchIfEmpty(Mono.error(() -> SaleQueries.saleNotFound(id)));
    }

    /** The sale price must not exceed the product's list price: a flash sale is a discount. */
    private Mono<Void> checkPrice(SaleRequest r) {
        return products.findById(r.productId())
                .switchIfEmpty(Mono.error(() -> ApiException.invalidField("productId", "no product with id " + r.productId())))
                .flatMap(p -> r.salePrice() > p.originalPrice()
                        ? Mono.error(ApiException.invalidField("salePrice", "must not exceed the product's original price " + p.originalPrice()))
                        : Mono.empty());
    }

    private Mono<Sale> afterSaleSaved(Sale saved) {
        return Flux.fromIterable(hooks).concatMap(h -> h.afterSave(saved)).then(afterChange(saved));
    }

    private <T> Mono<T> audited(String action, String target, T before, T after) {
        return audit.record(action, target, before, after).thenReturn(after);
    }

    private <T> Mono<T> afterChange(T saved) {
        return cache.changed().thenReturn(saved);
    }

    private static void requireVersion(Long version) {
        if (version == null) {
            throw ApiException.invalidField("version", "is required when updating (the version you last read)");
        }
    }

    private static Product toProduct(Long id, Long version, ProductRequest r, Instant createdAt, Instant updatedAt) {
        return new Product(id, r.name(), r.description(), r.category(), r.brand(), r.imageUrl(), r.originalPrice(),
                r.coupangProductId(), r.coupangUrl(), r.kurlyGoodsNo(), r.kurlyUrl(), version, createdAt, updatedAt);
    }

    private static Sale toSale(Long id, Long version, SaleRequest r, Instant createdAt, Instant updatedAt) {
        return new Sale(id, r.productId(), r.salePrice(), r.totalQuantity(), r.perUserLimit(), r.startsAt(),
                r.endsAt(), version, createdAt, updatedAt);
    }
}
