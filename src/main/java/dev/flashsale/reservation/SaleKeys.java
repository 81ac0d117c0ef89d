package dev.flashsale.reservation;

/**
 * Every Redis key of one sale, built in one place. All share the hash tag {@code {saleId}} so each
 * script touches a single Redis Cluster slot.
 */
record SaleKeys(long saleId) {

    static final String PREFIX = "fs:";

    String prefix() {
        return PREFIX + "{" + saleId + "}:";
    }

    String stock() {
        return prefix() + "stock";
    }

    String deadlines() {
        return prefix() + "deadlines";
    }

    String users() {
        return prefix() + "users";
    }

    String idempotency() {
        return prefix() + "idem";
    }

    String events() {
        return prefix() + "events";
    }

    String hold(String holdId) {
        return prefix() + "hold:" + holdId;
    }

    String shadow(String holdId) {
        return prefix() + "shadow:" + holdId;
    }

    String shopperHolds(String shopper) {
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
