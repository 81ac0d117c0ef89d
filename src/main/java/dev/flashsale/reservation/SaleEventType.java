package dev.flashsale.reservation;

/**
 * The {@code type} field of an entry in a sale's event stream ({@code fs:{id}:events}), as the Lua
 * scripts write it: the one list of them in Java. {@code SaleEventTypeTest} checks that every literal
 * the scripts write is here and every constant here is written by a script.
 */
public enum SaleEventType {
    /** reserve.lua: units moved from available to held; a hold exists. */
    HELD(true),
    /** release.lua: the shopper cancelled or the payment failed; units back. */
    RELEASED(true),
    /** expire.lua: the hold passed its deadline; units back. */
    EXPIRED(true),
    /** confirm.lua, repair_confirmed.lua: paid; units sold. */
    CONFIRMED(true),
    /** adjust_stock.lua: an operator changed the total (no hold). */
    ADJUSTED(true),
    /** A returned unit offered to the head of the waitlist (no hold yet). */
    OFFERED(false),
    /** An offer claimed, declined or expired. */
    OFFER_ENDED(false);

    private final boolean recordedByLedger;

    SaleEventType(boolean recordedByLedger) {
        this.recordedByLedger = recordedByLedger;
    }

    /** Whether the ledger keeps a row of it (its {@code ledger_event.type} check); offers are not orders. */
    public boolean recordedByLedger() {
        return recordedByLedger;
    }

    /** A change of a hold's state (every recorded type but an operator's stock adjustment). */
    public boolean holdTransition() {
        return recordedByLedger && this != ADJUSTED;
    }

    /** The type of a stream entry's {@code type} field, or null for one this version does not know. */
    public static SaleEventType of(String field) {
        for (SaleEventType type : values()) {
            if (type.name().equals(field)) {
                return type;
            }
        }
        return null;
    }
}
