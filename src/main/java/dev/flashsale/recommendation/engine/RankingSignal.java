package dev.flashsale.recommendation.engine;

/** The signals the hybrid blends; each can also rank alone (offline evaluation). */
public enum RankingSignal {
    BEHAVIOUR, CONTENT, PROFILE, POPULARITY, FRESHNESS
}
