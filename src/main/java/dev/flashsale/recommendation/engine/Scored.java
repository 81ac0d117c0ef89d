package dev.flashsale.recommendation.engine;

/** One recommended item with its blended score and a short reason a shopper can read. */
public record Scored(long itemId, double score, String reason) {
}
