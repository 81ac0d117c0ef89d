package dev.flashsale.reservation;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Every Redis key of one sale, built in one place. All share the hash tag {@code {saleId}} so each
 * script touches a single Redis Cluster slot. The sale-wide names are built once per sale
 * ({@link #of}), not on every reserve.
 */
public final class SaleKeys {

    public static final String PREFIX = "fs:";
    /** As {@code OFFER} in {@code lua/lib/common.lua}. */
    private static final String OFFER_MEMBER = "offer:";
    private static final ConcurrentHashMap<Long, SaleKeys> BY_SALE = new ConcurrentHashMap<>();

    private final long saleId;
    private final String prefix;
    private final String stock;
    private final String deadlines;
    private final String users;
    private final String idempotency;
    private final String events;
    private final String made;
    private final String waitlist;
    private final String offers;

    public SaleKeys(long saleId) {
        this.saleId = saleId;
        this.prefix = PREFIX + "{" + saleId + "}:";
        this.stock = prefix + "stock";
        this.deadlines = prefix + "deadlines";
        this.users = prefix + "users";
        this.idempotency = prefix + "idem";
        this.events = prefix + "events";
        this.made = prefix + "made";
        this.waitlist = prefix + "waitlist";
        this.offers = prefix + "offers";
    }

    /** The keys of a sale, shared (a few hundred bytes per sale ever seen by this instance). */
    static SaleKeys of(long saleId) {
        return BY_SALE.computeIfAbsent(saleId, SaleKeys::new);
    }

    public long saleId() {
        return saleId;
    }

    public String prefix() {
        return prefix;
    }

    public String stock() {
        return stock;
    }

    public String deadlines() {
        return deadlines;
    }

    public String users() {
        return users;
    }

    public String idempotency() {
        return idempotency;
    }

    public String events() {
        return events;
    }

    /** Per shopper, how many holds they made in the sale (the bound on what a reserve/cancel loop piles up). */
    public String made() {
        return made;
    }

    /** WAITING shoppers, scored by join number (see {@link #waitSeq}). */
    public String waitlist() {
        return waitlist;
    }

    /** Open offers: shopper -> claim deadline ms. */
    public String offers() {
        return offers;
    }

    /** The counter join numbers come from. */
    public String waitSeq() {
        return prefix + "waitseq";
    }

    /** An offer's member in the deadline set, beside the hold ids (which never start with a letter). */
    static String offerMember(String shopper) {
        return OFFER_MEMBER + shopper;
    }

    static boolean isOffer(String deadlineMember) {
        return deadlineMember.startsWith(OFFER_MEMBER);
    }

    public String hold(String holdId) {
        return prefix + "hold:" + holdId;
    }

    public String shadow(String holdId) {
        return prefix + "shadow:" + holdId;
    }

    public String shopperHolds(String shopper) {
        return prefix + "u:" + shopper;
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
