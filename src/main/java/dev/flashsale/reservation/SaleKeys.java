package dev.flashsale.reservation;

/**
 * Every Redis key of one sale, built in one place. All share the hash tag {@code {saleId}} so each
 * script touches a single Redis Cluster slot.
 */
public record SaleKeys(long saleId) {

    public static final String PREFIX = "fs:";

    public String prefix() {
        return PREFIX + "{" + saleId + "}:";
    }

    public String stock() {
        return prefix() + "stock";
    }

    public String deadlines() {
        return prefix() + "deadlines";
    }

    public String users() {
        return prefix() + "users";
    }

    public String idempotency() {
        return prefix() + "idem";
    }

    public String events() {
        return prefix() + "events";
    }

    public String hold(String holdId) {
        return prefix() + "hold:" + holdId;
    }

    public String shadow(String holdId) {
        return prefix() + "shadow:" + holdId;
    }

    public String shopperHolds(String shopper) {
        return prefix() + "u:" + shopper;
    }

    /** The hold id inside a shadow key name, or null if the key is not a shadow key. */
    static ShadowKey parseShadow(String key) {
        int open = key.indexOf('{');
        int close = key.indexOf("}:shadow:");
        if (!key.startsWith(PREFIX) || open != PREFIX.length() || close < 0) {
            return null;
        }
        try {
            return new ShadowKey(Long.parseLong(key.substring(open + 1, close)), key.substring(close + "}:shadow:".length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    record ShadowKey(long saleId, String holdId) {
    }
}
