package dev.flashsale.payment;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/** Answers already given to webhook deliveries, so a retry gets the same answer and a replay is caught. */
@Component
class WebhookReceipts {

    record Receipt(String bodySha256, int status, String response) {
    }

    private final DatabaseClient db;

    WebhookReceipts(DatabaseClient db) {
        this.db = db;
    }

    Mono<Receipt> find(Marketplaces marketplace, String eventId) {
        return db.sql("select body_sha256, status, response from webhook_receipt where marketplace = :m and event_id = :e")
                .bind("m", marketplace.name()).bind("e", eventId)
                .map(row -> new Receipt(row.get("body_sha256", String.class), row.get("status", Integer.class),
                        row.get("response", String.class)))
                .one();
    }

    /** Stores the answer unless a concurrent delivery stored one first; returns the stored one. */
    Mono<Receipt> save(Marketplaces marketplace, String eventId, Receipt receipt) {
        return db.sql("""
                insert into webhook_receipt (marketplace, event_id, body_sha256, status, response)
                values (:m, :e, :sha, :status, :response) on conflict do nothing""")
                .bind("m", marketplace.name()).bind("e", eventId).bind("sha", receipt.bodySha256())
                .bind("status", receipt.status()).bind("response", receipt.response())
                .then()
                .then(find(marketplace, eventId));
    }
}
