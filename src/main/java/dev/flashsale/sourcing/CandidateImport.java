package dev.flashsale.sourcing;

import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import dev.flashsale.catalog.ProductImports;
import dev.flashsale.catalog.ProductImports.NewProduct;
import reactor.core.publisher.Mono;

/**
 * Turns a candidate into a catalog product through the catalog's import operation
 * ({@link ProductImports}: the checks, cache refresh and audit entry of an admin's create). Values the
 * catalog would refuse are trimmed or dropped here first, since a candidate comes from outside.
 */
@Component
class CandidateImport {

    record Imported(long productId, String name, long originalPrice, String coupangProductId, String coupangUrl) {
    }

    private static final Pattern COUPANG_URL = Pattern.compile("https://(www\\.|link\\.)?coupang\\.com/\\S+");

    private final ProductImports catalog;

    CandidateImport(ProductImports catalog) {
        this.catalog = catalog;
    }

    Mono<Imported> importProduct(Candidate c) {
        Optional<ExternalProduct> coupang = c.offers().stream()
                .filter(o -> o.url() != null && COUPANG_URL.matcher(o.url()).matches()).findFirst();
        String coupangId = coupang.map(ExternalProduct::externalId).filter(id -> id != null && id.matches("[0-9]{1,64}"))
                .orElse(null);
        String coupangUrl = coupang.map(ExternalProduct::url).filter(u -> u.length() <= 1000).orElse(null);
        String name = c.name().length() > 200 ? c.name().substring(0, 200) : c.name();
        String category = c.category() == null || c.category().isBlank() ? "imported"
                : c.category().substring(0, Math.min(100, c.category().length()));
        String image = c.imageUrl() != null && c.imageUrl().matches("https?://\\S{1,990}") ? c.imageUrl() : null;
        return catalog.importProduct(new NewProduct(name, category, image, c.discounts().listPrice(), coupangId, coupangUrl))
                .map(p -> new Imported(p.id(), p.name(), p.originalPrice(), p.coupangProductId(), p.coupangUrl()));
    }
}
