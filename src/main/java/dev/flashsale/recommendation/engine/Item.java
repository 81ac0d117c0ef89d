package dev.flashsale.recommendation.engine;

/** A product as the recommender sees it: what it is called and where it is shelved. */
public record Item(long id, String name, String category, String description) {
}
