package dev.flashsale.payment;

import java.util.Arrays;
import java.util.Optional;

/** Marketplaces that report payments to us, by their path segment. */
enum Marketplaces {
    COUPANG, KURLY;

    static Optional<Marketplaces> fromPath(String segment) {
        return Arrays.stream(values()).filter(m -> m.name().equalsIgnoreCase(segment)).findFirst();
    }
}
