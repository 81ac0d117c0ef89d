package dev.flashsale.sourcing;

/** One product as an external MCP server described it, normalised; prices in KRW. */
record ExternalProduct(String source, String externalId, String name, long price, Long originalPrice,
        String url, String imageUrl, String category) {
}
