package dev.flashsale.catalog;

import org.springframework.stereotype.Component;

import dev.flashsale.infra.problem.ApiException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import reactor.core.publisher.Mono;

/**
 * Adds a product found outside the console (an MCP candidate) to the catalog: the same checks, row,
 * cache refresh and audit entry as an admin's {@code POST /admin/api/products}, under the audit
 * action {@code product.import}. The catalog's one way in for other modules.
 */
@Component
public class ProductImports {

    /** What an import knows of a product; null where it knows nothing. */
    public record NewProduct(String name, String category, String imageUrl, long originalPrice, String coupangProductId,
            String coupangUrl) {
    }

    private final CatalogAdmin admin;
    private final Validator validator;

    ProductImports(CatalogAdmin admin, Validator validator) {
        this.admin = admin;
        this.validator = validator;
    }

    /** The saved product; a value an admin could not enter either is a {@code 400 invalid-request}. */
    public Mono<Product> importProduct(NewProduct p) {
        ProductRequest request = new ProductRequest(p.name(), null, p.category(), null, p.imageUrl(), p.originalPrice(),
                p.coupangProductId(), p.coupangUrl(), null, null, null);
        return Mono.defer(() -> {
            for (ConstraintViolation<ProductRequest> violation : validator.validate(request)) {
                return Mono.error(ApiException.invalidField(violation.getPropertyPath().toString(), violation.getMessage()));
            }
            return admin.createProduct(request, "product.import");
        });
    }
}
