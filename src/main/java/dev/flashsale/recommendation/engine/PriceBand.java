package dev.flashsale.recommendation.engine;

/** Coarse price bands in KRW; shoppers think "cheap treat" or "premium gift", not in won. */
public enum PriceBand {
    BUDGET, MID, PREMIUM, LUXURY;

    public static PriceBand of(long priceKrw) {
        if (priceKrw < 10_000) {
            return BUDGET;
        }
        if (priceKrw < 30_000) {
            return MID;
        }
        return priceKrw < 100_000 ? PREMIUM : LUXURY;
    }
}
