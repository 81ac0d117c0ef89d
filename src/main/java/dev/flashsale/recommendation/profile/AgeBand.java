package dev.flashsale.recommendation.profile;

/** Age bands as shoppers pick them; exact ages are more than the shop needs to know. */
public enum AgeBand {
    UNDER_20, AGE_20S, AGE_30S, AGE_40S, AGE_50S, AGE_60_PLUS
}
