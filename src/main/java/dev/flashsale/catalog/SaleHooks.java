package dev.flashsale.catalog;

import reactor.core.publisher.Mono;

/**
 * Lets the feature that owns live stock (the reservation engine) take part in admin edits of a
 * sale: it may veto an edit before it is saved and mirrors the saved window and limit afterwards.
 */
public interface SaleHooks {

    /** Fails (with an ApiException) to refuse the edit; nothing has been saved yet. */
    Mono<Void> beforeUpdate(Sale existing, Sale proposed);

    /** Called after a sale was created or updated in Postgres. */
    Mono<Void> afterSave(Sale saved);
}
