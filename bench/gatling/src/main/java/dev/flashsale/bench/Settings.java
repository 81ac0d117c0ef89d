package dev.flashsale.bench;

import java.util.Arrays;
import java.util.List;

/** The run's settings, from system properties {@code bench.*} (bench/run.sh sets them; defaults are the full run). */
final class Settings {

    final List<String> scenarios = list("bench.scenarios", "spec,burst,step,keepalive,keepalive-step");
    final List<String> targets = list("bench.targets", "engine,baseline,ceiling");
    final int units = Integer.getInteger("bench.units", 1000);
    final int shoppers = Integer.getInteger("bench.shoppers", 20_000);
    final int specSeconds = Integer.getInteger("bench.specSeconds", 60);
    final int burstSeconds = Integer.getInteger("bench.burstSeconds", 5);
    final int warmupRate = Integer.getInteger("bench.warmupRate", 500);
    final int warmupSeconds = Integer.getInteger("bench.warmupSeconds", 10);
    final int stepSeconds = Integer.getInteger("bench.stepSeconds", 10);
    final boolean stepAllGranted = Boolean.parseBoolean(System.getProperty("bench.stepAllGranted", "true"));
    final int stepMaxP99 = Integer.getInteger("bench.stepMaxP99", 100);
    /** Percent of a step's answers that may be shed (429/503 with Retry-After) for the step to pass. */
    final double stepMaxShed = Double.parseDouble(System.getProperty("bench.stepMaxShedPercent", "0"));
    /** How often a missed step is run again before it ends the search (a spike of outside load is not the service's limit). */
    final int stepRetries = Integer.getInteger("bench.stepRetries", 1);
    final double[] stepRates = Arrays.stream(System.getProperty("bench.stepRates",
            "100,200,350,500,750,1000,1500,2000,2500,3000,3500,4000,5000,6000,7000,8000").split(","))
            .mapToDouble(Double::parseDouble).toArray();
    final double keepAliveRate = Double.parseDouble(System.getProperty("bench.keepAliveRate", "1000"));
    final int keepAliveSeconds = Integer.getInteger("bench.keepAliveSeconds", 20);
    final int keepAliveConnections = Integer.getInteger("bench.keepAliveConnections", 64);

    private static List<String> list(String property, String defaults) {
        return Arrays.stream(System.getProperty(property, defaults).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
