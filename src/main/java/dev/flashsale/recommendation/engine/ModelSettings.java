package dev.flashsale.recommendation.engine;

/**
 * @param neighbours how many similar items are kept per item (the request walks these lists)
 * @param historyCap how many of a shopper's most recent items count, when building and when ranking
 */
public record ModelSettings(int neighbours, int historyCap) {

    public static final ModelSettings DEFAULT = new ModelSettings(50, 50);
}
