package dev.flashsale.ledger;

import java.time.Instant;
import java.util.Map;

import dev.flashsale.reservation.SaleEventType;

/**
 * One state change as the Redis scripts recorded it. {@code id} is {@code {saleId}:{stream entry id}}:
 * unique per event, so applying it twice is detected by the ledger's primary key.
 */
record LedgerEvent(String id, long saleId, SaleEventType type, String holdId, String shopper, int quantity, Instant at,
        Instant deadline, String reason, String payment, Instant heldSince) {

    static LedgerEvent fromStream(long saleId, String entryId, Map<String, String> body) {
        return new LedgerEvent(saleId + ":" + entryId, saleId, SaleEventType.of(body.get("type")), body.get("hold"), body.get("user"),
                Integer.parseInt(body.get("qty")), Instant.ofEpochMilli(Long.parseLong(body.get("at"))),
                body.containsKey("deadline") ? Instant.ofEpochMilli(Long.parseLong(body.get("deadline"))) : null,
                body.get("reason"), body.get("payment"), null);
    }

    /**
     * False for the stream's other events (OFFERED, OFFER_ENDED, and any type added later): the
     * consumer acknowledges them, unparsed, without a ledger row, as nothing in the ledger changes.
     */
    static boolean isRecorded(Map<String, String> streamEntry) {
        SaleEventType type = SaleEventType.of(streamEntry.get("type"));
        return type != null && type.recordedByLedger();
    }

    boolean isHoldTransition() {
        return holdId != null && type.holdTransition();
    }
}
