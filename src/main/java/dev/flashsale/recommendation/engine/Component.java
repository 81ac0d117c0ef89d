package dev.flashsale.recommendation.engine;

/** The signals the hybrid blends; each can also rank alone (offline evaluation). */
public enum Component {
    BEHAVIOUR, CONTENT, PROFILE, POPULARITY, FRESHNESS
}
