package dev.flashsale.mcp;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.infra.audit.AuditTrail;
import reactor.core.publisher.Mono;

/**
 * Turns a candidate into a catalog product. It writes the product row itself because the
 * catalog's admin service is package-private; the row carries the same columns and limits an
 * admin POST would, and the catalog cache is told at once, as after any admin change.
 */
@Component
class CandidateImport {

    record Imported(long productId, String name, long originalPrice, String coupangProductId, String coupangUrl) {
    }

    private static final Pattern COUPANG_URL = Pattern.compile("https://(www\\.|link\\.)?coupang\\.com/\\S+");

    private final DatabaseClient db;
    private final CatalogCache catalog;
    private final AuditTrail audit;
    private final Clock clock;

    CandidateImport(DatabaseClient db, CatalogCache catalog, AuditTrail audit, Clock clock) {
        this.db = db;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
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
        Instant now = clock.instant();
        var spec = db.sql("""
                insert into product (name, category, image_url, original_price, coupang_product_id, coupang_url,
                                     created_at, updated_at)
                values (:name, :category, :image, :price, :coupangId, :coupangUrl, :now, :now) returning id""")
                .bind("name", name).bind("category", category).bind("price", c.discounts().listPrice())
                .bind("now", now);
        spec = image == null ? spec.bindNull("image", String.class) : spec.bind("image", image);
        spec = coupangId == null ? spec.bindNull("coupangId", String.class) : spec.bind("coupangId", coupangId);
        spec = coupangUrl == null ? spec.bindNull("coupangUrl", String.class) : spec.bind("coupangUrl", coupangUrl);
        return spec.map(r -> r.get("id", Long.class)).one()
                .map(id -> new Imported(id, name, c.discounts().listPrice(), coupangId, coupangUrl))
                .flatMap(imported -> catalog.changed()
                        .then(audit.record("product.import", "product/" + imported.productId(), null, imported))
                        .thenReturn(imported));
    }
}
