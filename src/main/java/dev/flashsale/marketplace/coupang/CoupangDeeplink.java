package dev.flashsale.marketplace.coupang;

/** A tracked short link for a coupang.com URL. */
public record CoupangDeeplink(String originalUrl, String shortenUrl, String landingUrl) {
}
