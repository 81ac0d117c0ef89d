package dev.flashsale.marketplace;

/** A tracked short link for a coupang.com URL. */
record CoupangDeeplink(String originalUrl, String shortenUrl, String landingUrl) {
}
