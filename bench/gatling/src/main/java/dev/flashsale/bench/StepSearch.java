package dev.flashsale.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The highest arrival rate a target sustains with p99 <= {@code maxP99} ms, no errors and at most
 * {@code maxShedPercent} % of its answers shed (a service that sheds most arrivals quickly has not
 * served them): rising steps, each a fresh sale, stopping at the first step that misses. The targets
 * take turns at each rate (engine, baseline, ceiling at 200/s, then at 500/s, ...), so what else
 * the machine runs weighs on all of them alike, and a missed step is run once more ({@code retries})
 * before it counts, so one spike of outside load does not end a search.
 */
final class StepSearch {

    interface Step {
        Outcome run(String target, double rate) throws Exception;
    }

    private final Step step;
    private final double[] rates;
    private final int maxP99;
    private final double maxShedPercent;
    private final int retries;
    private final Map<String, Double> best = new LinkedHashMap<>();
    private final Map<String, List<Map<String, Object>>> steps = new LinkedHashMap<>();

    StepSearch(Step step, double[] rates, int maxP99, double maxShedPercent, int retries) {
        this.step = step;
        this.retries = retries;
        this.rates = rates;
        this.maxP99 = maxP99;
        this.maxShedPercent = maxShedPercent;
    }

    void search(List<String> targets) throws Exception {
        List<String> searching = new ArrayList<>(targets);
        for (String target : targets) {
            best.put(target, 0.0);
            steps.put(target, new ArrayList<>());
        }
        for (double rate : rates) {
            for (String target : List.copyOf(searching)) {
                boolean ok = false;
                for (int attempt = 0; attempt <= retries && !ok; attempt++) {
                    ok = run(target, rate, attempt);
                }
                if (ok) {
                    best.put(target, rate);
                } else {
                    searching.remove(target);
                }
            }
        }
    }

    private boolean run(String target, double rate, int attempt) throws Exception {
        Outcome o = step.run(target, rate);
        long shed = o.samples.shed();
        boolean ok = o.p99() <= maxP99 && o.samples.errors() == 0
                && shed * 100.0 <= maxShedPercent * Math.max(1, o.samples.size());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("arrivalRatePerSecond", rate);
        row.put("attempt", attempt + 1);
        row.put("throughputPerSecond", Math.round(o.throughput()));
        row.put("latencyMillis", o.samples.percentiles());
        row.put("shed", shed);
        row.put("errors", o.samples.errors());
        row.put("serviceCpuSecondsPer1000Requests", Math.round(o.cpuPerThousand() * 1000) / 1000.0);
        row.put("ok", ok);
        steps.get(target).add(row);
        return ok;
    }

    int retries() {
        return retries;
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
