package dev.flashsale.catalog;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Service;

import reactor.core.publisher.Mono;

/**
 * Copies a sale's live total (owned by the reservation engine in Redis, changed by stock
 * adjustment) back to its catalog row, bumping the version so concurrent admin edits notice.
 */
@Service
public class SaleTotals {

    private final DatabaseClient db;
    private final CatalogCache cache;

    SaleTotals(DatabaseClient db, CatalogCache cache) {
        this.db = db;
        this.cache = cache;
    }

    public Mono<Void> record(long saleId, long total) {
        return db.sql("update sale set total_quantity = :total, version = version + 1, updated_at = now() where id = :id")
                .bind("total", total).bind("id", saleId)
                .then()
                .then(cache.changed());
    }
}
