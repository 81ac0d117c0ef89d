package dev.flashsale.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The highest arrival rate a target sustains with p99 <= {@code bench.stepMaxP99} ms and no
 * errors: rising steps, each a fresh sale, stopping at the first step that misses.
 */
final class StepSearch {

    interface Step {
        Outcome run(String target, double rate) throws Exception;
    }

    private final Step step;
    private final int maxP99 = Integer.getInteger("bench.stepMaxP99", 100);
    private final double[] rates = Arrays.stream(System.getProperty("bench.stepRates",
            "100,200,350,500,750,1000,1500,2000,2500,3000,3500,4000,5000,6000,7000,8000").split(","))
            .mapToDouble(Double::parseDouble).toArray();
    private final Map<String, Double> best = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> steps = new LinkedHashMap<>();

    StepSearch(Step step) {
        this.step = step;
    }

    void search(String target) throws Exception {
        best.put(target, 0.0);
        List<Map<String, Object>> tried = new ArrayList<>();
        steps.put(target, tried);
        for (double rate : rates) {
            Outcome o = step.run(target, rate);
            boolean ok = o.p99() <= maxP99 && o.samples.errors() == 0;
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("arrivalRatePerSecond", rate);
            row.put("throughputPerSecond", Math.round(o.throughput()));
            row.put("latencyMillis", o.samples.percentiles());
            row.put("errors", o.samples.errors());
            row.put("serviceCpuSecondsPer1000Requests", Math.round(o.cpuPerThousand() * 1000) / 1000.0);
            row.put("ok", ok);
            tried.add(row);
            if (!ok) {
                break;
            }
            best.put(target, rate);
        }
    }

    int maxP99() {
        return maxP99;
    }

    Map<String, Double> best() {
        return best;
    }

    Map<String, List<Map<String, Object>>> steps() {
        return steps;
    }
}
