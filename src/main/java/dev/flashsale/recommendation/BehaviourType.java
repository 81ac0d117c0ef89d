package dev.flashsale.recommendation;

/**
 * What a shopper did with a sale. The weight is how much it says about taste: paying says more
 * than holding, holding more than looking. A cancellation is still interest (the shopper wanted
 * it once), so it keeps a view's weight rather than a negative one.
 */
public enum BehaviourType {
    VIEW(1.0),
    WAITLIST(2.0),
    RESERVATION(3.0),
    CANCELLATION(1.0),
    PURCHASE(5.0);

    private final double weight;

    BehaviourType(double weight) {
        this.weight = weight;
    }

    public double weight() {
        return weight;
    }

    /** Items held or bought are not recommended again to the same shopper. */
    public boolean owns() {
        return this == RESERVATION || this == PURCHASE;
    }
}
