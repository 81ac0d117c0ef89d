package dev.flashsale.ledger;

import java.time.Instant;
import java.util.Map;

/**
 * One state change as the Redis scripts recorded it. {@code id} is {@code {saleId}:{stream entry id}}:
 * unique per event, so applying it twice is detected by the ledger's primary key.
 */
record LedgerEvent(String id, long saleId, String type, String holdId, String shopper, int quantity, Instant at,
        Instant deadline, String reason, String payment, Instant heldSince) {

    static LedgerEvent fromStream(long saleId, String entryId, Map<String, String> body) {
        return new LedgerEvent(saleId + ":" + entryId, saleId, body.get("type"), body.get("hold"), body.get("user"),
                Integer.parseInt(body.get("qty")), Instant.ofEpochMilli(Long.parseLong(body.get("at"))),
                body.containsKey("deadline") ? Instant.ofEpochMilli(Long.parseLong(body.get("deadline"))) : null,
                body.get("reason"), body.get("payment"), null);
    }

    /** The types the ledger records (its {@code ledger_event.type} check); waitlist offers are not orders. */
    private static final java.util.Set<String> RECORDED = java.util.Set.of("HELD", "RELEASED", "EXPIRED", "CONFIRMED", "ADJUSTED");

    /**
     * False for the stream's other events (OFFERED, OFFER_ENDED, and any type added later): the
     * consumer acknowledges them, unparsed, without a ledger row, as nothing in the ledger changes.
     */
    static boolean isRecorded(Map<String, String> streamEntry) {
        return RECORDED.contains(streamEntry.get("type"));
    }

    boolean isHoldTransition() {
        return holdId != null && !"ADJUSTED".equals(type);
    }
}
