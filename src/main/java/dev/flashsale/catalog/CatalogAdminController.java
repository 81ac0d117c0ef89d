package dev.flashsale.catalog;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/admin/api")
class CatalogAdminController {

    private final CatalogAdmin admin;
    private final CatalogCache cache;

    CatalogAdminController(CatalogAdmin admin, CatalogCache cache) {
        this.admin = admin;
        this.cache = cache;
    }

    @GetMapping("/products")
    Mono<List<Product>> products() {
        return cache.snapshot().map(s -> s.products().values().stream()
                .sorted(java.util.Comparator.comparing(Product::id)).toList());
    }

    @GetMapping("/products/{id}")
    Mono<Product> product(@PathVariable long id) {
        return admin.product(id);
    }

    @Operation(summary = "Create a product")
    @PostMapping("/products")
    Mono<ResponseEntity<Product>> createProduct(@Validated @RequestBody ProductRequest request) {
        return admin.createProduct(request)
                .map(p -> ResponseEntity.created(URI.create("/admin/api/products/" + p.id())).body(p));
    }

    @Operation(summary = "Update a product; send the version you read (409 version-conflict if stale)")
    @PutMapping("/products/{id}")
    Mono<Product> updateProduct(@PathVariable long id, @Validated @RequestBody ProductRequest request) {
        return admin.updateProduct(id, request);
    }

    @GetMapping("/sales")
    Mono<List<Sale>> sales() {
        return cache.snapshot().map(CatalogSnapshot::salesInOrder);
    }

    @GetMapping("/sales/{id}")
    Mono<Sale> sale(@PathVariable long id) {
        return admin.sale(id);
    }

    @Operation(summary = "Create a sale")
    @PostMapping("/sales")
    Mono<ResponseEntity<Sale>> createSale(@Validated @RequestBody SaleRequest request) {
        return admin.createSale(request)
                .map(s -> ResponseEntity.created(URI.create("/admin/api/sales/" + s.id())).body(s));
    }

    @Operation(summary = "Update a sale; send the version you read (409 version-conflict if stale)")
    @PutMapping("/sales/{id}")
    Mono<Sale> updateSale(@PathVariable long id, @Validated @RequestBody SaleRequest request) {
        return admin.updateSale(id, request);
    }
}
