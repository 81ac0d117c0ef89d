package dev.flashsale.bench;

/**
 * One implementation of the reserve under test: the product's Redis engine, the product's row-lock
 * baseline (same JVM, same sale ids), or the bare-stack ceiling (bench/ceiling, its own JVM and Redis).
 */
record Target(String name, Api api, String reservePrefix, String stockPrefix, ServiceProcess process) {

    static final String ENGINE = "engine";
    static final String BASELINE = "baseline";
    static final String CEILING = "ceiling";

    String reservePath(long saleId) {
        return reservePrefix + "/sales/" + saleId + "/reservations";
    }

    String stockPath(long saleId) {
        return stockPrefix + "/sales/" + saleId + "/stock";
    }

    /** A fresh sale of {@code units}, one unit per shopper, open now: through the product's admin API, or the ceiling's own call. */
    long createSale(String label, int units) throws Exception {
        return name.equals(CEILING) ? api.createCeilingSale(units) : api.createSale(label, units);
    }
}
