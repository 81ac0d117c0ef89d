package dev.flashsale.ledger;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Reservations, cancellations and purchases reach the recommender's behaviour log as reactions to the ledger's {@link HoldEventsRecorded}. */
class BehaviourFromLedgerTest extends LedgerTestSupport {

    @Test
    void shopperActionsBecomeBehaviourEvents() {
        long saleId = openSale(10, 3);
        String shopper = "behaviour-" + System.nanoTime();
        String token = token(shopper);
        String kept = reserve(saleId, token);
        String cancelled = reserve(saleId, token);
        client().delete().uri("/api/reservations/{id}", cancelled).headers(h -> h.setBearerAuth(token)).exchange()
                .expectStatus().isNoContent();
        webhook("evt-behaviour-" + kept, kept, "PAID").expectStatus().isOk();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250)).until(() -> types(shopper, saleId)
                .equals(java.util.List.of("CANCELLATION", "PURCHASE", "RESERVATION", "RESERVATION")));
    }

    private java.util.List<String> types(String shopper, long saleId) {
        return db.sql("select type from behaviour_event where shopper_id = :s and sale_id = :sale order by type")
                .bind("s", shopper).bind("sale", saleId).map(r -> r.get("type", String.class)).all().collectList().block();
    }
}
