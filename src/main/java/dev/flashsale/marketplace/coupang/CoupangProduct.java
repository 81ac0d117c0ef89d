package dev.flashsale.marketplace.coupang;

/** One hit of Coupang's product search, as the Partners API returns it; price in KRW. */
record CoupangProduct(long productId, String productName, long productPrice, String productImage,
        String productUrl, String categoryName, boolean rocket, boolean freeShipping) {
}
