package dev.flashsale.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The highest arrival rate a target sustains with p99 <= {@code maxP99} ms, no errors and at most
 * {@code maxShedPercent} % of its answers shed (a service that sheds most arrivals quickly has not
 * served them): rising steps, each a fresh sale, stopping at the first step that misses.
 */
final class StepSearch {

    interface Step {
        Outcome run(String target, double rate) throws Exception;
    }

    private final Step step;
    private final double[] rates;
    private final int maxP99;
    private final double maxShedPercent;
    private final Map<String, Double> best = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> steps = new LinkedHashMap<>();

    StepSearch(Step step, double[] rates, int maxP99, double maxShedPercent) {
        this.step = step;
        this.rates = rates;
        this.maxP99 = maxP99;
        this.maxShedPercent = maxShedPercent;
    }

    void search(String target) throws Exception {
        best.put(target, 0.0);
        List<Map<String, Object>> tried = new ArrayList<>();
        steps.put(target, tried);
        for (double rate : rates) {
            Outcome o = step.run(target, rate);
            long shed = o.samples.shed();
            boolean ok = o.p99() <= maxP99 && o.samples.errors() == 0
                    && shed * 100.0 <= maxShedPercent * Math.max(1, o.samples.size());
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("arrivalRatePerSecond", rate);
            row.put("throughputPerSecond", Math.round(o.throughput()));
            row.put("latencyMillis", o.samples.percentiles());
            row.put("shed", shed);
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

    double maxShedPercent() {
        return maxShedPercent;
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
