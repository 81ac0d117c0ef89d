package dev.flashsale.marketplace;

/** The marketplaces our products are listed on (names as used in the HTTP contract). */
public enum Marketplace {
    COUPANG, KURLY
}
