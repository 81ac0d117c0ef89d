package dev.flashsale.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The product's figures as ratios to the ceiling's (same run, same machine), and issue 10's targets
 * for the engine, each met, NOT met, or not measured (scenario or target left out of the run).
 * Reported, never enforced: the exit code is the correctness checks'.
 */
final class Verdicts {

    record Verdict(String target, String measured, String status) {
    }

    record Ratio(String scenario, String figure, Double engine, Double ceiling, Double ratio) {
    }

    private static final String MET = "met";
    private static final String NOT_MET = "NOT met";
    private static final String NOT_MEASURED = "not measured";

    private final List<Outcome> outcomes;
    private final StepSearch steps;
    private final StepSearch keptAliveSteps;
    private final List<Verdict> verdicts = new ArrayList<>();
    private final List<Ratio> ratios = new ArrayList<>();

    Verdicts(List<Outcome> outcomes, StepSearch steps, StepSearch keptAliveSteps, RestoreDelay restores, Settings settings,
            double productPeakRssMiB) {
        this.outcomes = outcomes;
        this.steps = steps;
        this.keptAliveSteps = keptAliveSteps;
        compareWithCeiling();
        ceilingTargets();
        int units = Math.min(settings.units, settings.shoppers); // every unit goes when shoppers outnumber units
        Optional<Outcome> spec = find("spec", Target.ENGINE);
        add("spec: p99 <= 5 ms", spec.map(o -> o.p99() + " ms"), spec.map(o -> o.p99() <= 5));
        add("spec: p99.9 <= 20 ms", spec.map(o -> p999(o) + " ms"), spec.map(o -> p999(o) <= 20));
        add("spec: 0 errors", spec.map(o -> o.samples.errors() + " errors"), spec.map(o -> o.samples.errors() == 0));
        add("spec: exactly " + units + " granted", spec.map(o -> o.samples.count(Samples.GRANTED) + " granted"),
                spec.map(o -> o.samples.count(Samples.GRANTED) == units));
        Optional<Outcome> burst = find("burst", Target.ENGINE);
        add("burst: p99 <= 250 ms, every answer (shed ones too)", burst.map(o -> o.p99() + " ms"), burst.map(o -> o.p99() <= 250));
        add("burst: 0 client timeouts", burst.map(o -> o.samples.count("timeout") + " timeouts"),
                burst.map(o -> o.samples.count("timeout") == 0));
        add("burst: 0 answers outside 201 / 409 sold-out|limit-exceeded / 429|503 with Retry-After",
                burst.map(o -> o.samples.errors() + " (" + o.samples.shed() + " shed)"), burst.map(o -> o.samples.errors() == 0));
        add("burst: exactly " + units + " granted", burst.map(o -> o.samples.count(Samples.GRANTED) + " granted"),
                burst.map(o -> o.samples.count(Samples.GRANTED) == units));
        Optional<Double> best = Optional.ofNullable(steps.best().get(Target.ENGINE));
        add("step: highest rate with p99 <= " + steps.maxP99() + " ms and no errors >= 3,500/s",
                best.map(b -> String.format("%.0f/s", b)), best.map(b -> b >= 3500));
        Optional<Double> vsBaseline = ratio(steps.best().get(Target.ENGINE), steps.best().get(Target.BASELINE));
        boolean baselinePassedNone = Double.valueOf(0).equals(steps.best().get(Target.BASELINE));
        add("step: >= 8x the row-lock baseline", baselinePassedNone ? Optional.of("no ratio: the baseline passed no step")
                : vsBaseline.map(r -> String.format("%.1fx", r)), vsBaseline.map(r -> r >= 8));
        for (String scenario : List.of("spec", "burst")) {
            Optional<Outcome> o = find(scenario, Target.ENGINE);
            add(scenario + ": CPU per 1,000 reserves <= 0.25 s (a connection per shopper)",
                    o.map(x -> String.format("%.3f s", x.cpuPerThousand())), o.map(x -> x.cpuPerThousand() <= 0.25));
        }
        Optional<Outcome> kept = find("keepalive", Target.ENGINE);
        add("keepalive: CPU per 1,000 reserves <= 0.06 s (kept-alive connections)",
                kept.map(x -> String.format("%.3f s", x.cpuPerThousand())), kept.map(x -> x.cpuPerThousand() <= 0.06));
        boolean productRan = outcomes.stream().anyMatch(o -> !o.target.equals(Target.CEILING));
        add("peak RSS of the product's JVM <= 512 MiB across the whole run",
                productRan ? Optional.of(String.format("%.0f MiB", productPeakRssMiB)) : Optional.empty(),
                productRan ? Optional.of(productPeakRssMiB <= 512) : Optional.empty());
        double p99 = restores.p99UpperBound();
        add("restore delay p99 <= 250 ms under load (service histogram)",
                Double.isNaN(p99) ? Optional.empty() : Optional.of(String.format("<= %.0f ms", p99)),
                Double.isNaN(p99) ? Optional.empty() : Optional.of(p99 <= 250));
    }

    /** Issue 13's targets, from the waiting-room scenario (not measured when it did not run). */
    void waitingRoom(WaitingRoomResult r, Settings settings) {
        Optional<WaitingRoomResult> room = Optional.ofNullable(r);
        int units = Math.min(settings.units, settings.shoppers);
        add("waiting-room: join p99 <= 50 ms", room.map(x -> WaitingRoomResult.percentiles(x.joinMillis()).get("p99") + " ms"),
                room.map(x -> WaitingRoomResult.percentiles(x.joinMillis()).get("p99") <= 50));
        add("waiting-room: 0 errors (joins, ticket reads, reserves)", room.map(x -> x.joinErrors() + " / " + x.pollErrors() + " / "
                + x.reserveErrors()), room.map(x -> x.joinErrors() + x.pollErrors() + x.reserveErrors() == 0));
        add("waiting-room: exactly " + units + " granted (API: held + sold)", room.map(WaitingRoomResult::stock),
                room.map(WaitingRoomResult::conserved));
        add("waiting-room: admitted shoppers' reserve p99 <= 100 ms",
                room.map(x -> WaitingRoomResult.percentiles(x.reserveMillis()).get("p99") + " ms"),
                room.map(x -> WaitingRoomResult.percentiles(x.reserveMillis()).get("p99") <= 100));
        add("waiting-room: 0 seconds with admissions over the ceiling (admission log)",
                room.map(x -> x.secondsOverCeiling() + " (max " + x.maxAdmissionsInASecond() + "/s, ceiling " + x.admitPerSecond() + "/s)"),
                room.map(x -> x.secondsOverCeiling() == 0));
        add("waiting-room: wait estimate within ±20 % for >= 90 % of admitted shoppers",
                room.map(WaitingRoomResult::estimateShare),
                room.map(x -> x.estimatesWithinShare() != null && x.estimatesWithinShare() >= 0.9));
        add("waiting-room: every queued shopper told sold-out within 2 s of the last unit held",
                room.map(x -> "max " + WaitingRoomResult.percentiles(x.toldAfterLastHoldMillis()).get("max") + " ms over "
                        + x.toldSoldOut() + " queued shoppers with a stream" + (x.toldPollingAfterLastHoldMillis().length == 0 ? ""
                                : "; max " + WaitingRoomResult.percentiles(x.toldPollingAfterLastHoldMillis()).get("max") + " ms over "
                                + x.toldPollingAfterLastHoldMillis().length + " reading the ticket every " + x.pollMillis() + " ms")
                        + ", " + x.neverTold() + " without an outcome at the deadline"),
                // judged on the shoppers with a stream, as every page has; those without one (only when the load
                // generator runs out of sockets, or in follow mode poll) are judged when nobody has a stream
                room.map(x -> x.neverTold() == 0 && WaitingRoomResult.percentiles(x.toldAfterLastHoldMillis().length > 0
                        ? x.toldAfterLastHoldMillis() : x.toldPollingAfterLastHoldMillis()).get("max") <= 2000));
    }

    /** Every engine figure next to the ceiling's, scenario by scenario. */
    private void compareWithCeiling() {
        for (Outcome e : outcomes) {
            if (!e.target.equals(Target.ENGINE) || e.scenario.endsWith("step")) {
                continue;
            }
            find(e.scenario, Target.CEILING).ifPresent(c -> {
                ratios.add(ratio(e.scenario, "service CPU s per 1,000 reserves", e.cpuPerThousand(), c.cpuPerThousand()));
                for (String p : List.of("p50", "p99", "p99.9", "max")) {
                    ratios.add(ratio(e.scenario, p + " ms", e.samples.percentiles().get(p), c.samples.percentiles().get(p)));
                }
                ratios.add(ratio(e.scenario, "throughput/s", e.throughput(), c.throughput()));
                ratios.add(ratio(e.scenario, "peak RSS MiB", e.peakRssMiB, c.peakRssMiB));
            });
        }
        for (StepSearch search : List.of(steps, keptAliveSteps)) {
            Double engine = search.best().get(Target.ENGINE);
            Double ceiling = search.best().get(Target.CEILING);
            if (engine != null && ceiling != null) {
                ratios.add(ratio(search == steps ? "step" : "keepalive-step", "highest rate/s with p99 <= " + search.maxP99() + " ms",
                        engine, ceiling));
            }
        }
    }

    private void ceilingTargets() {
        for (String scenario : List.of("spec", "burst", "keepalive")) {
            Optional<Ratio> cpu = ratios.stream().filter(r -> r.scenario().equals(scenario) && r.figure().startsWith("service CPU"))
                    .findFirst().filter(r -> r.ratio() != null);
            add(scenario + ": CPU per reserve <= 1.5x the ceiling's", cpu.map(r -> String.format("%.2fx", r.ratio())),
                    cpu.map(r -> r.ratio() <= 1.5));
        }
        Optional<Double> rate = ratio(steps.best().get(Target.ENGINE), steps.best().get(Target.CEILING));
        add("step: highest rate at p99 <= " + steps.maxP99() + " ms >= 80 % of the ceiling's",
                rate.map(r -> String.format("%.0f %%", r * 100)), rate.map(r -> r >= 0.8));
    }

    private static Ratio ratio(String scenario, String figure, double engine, double ceiling) {
        return new Ratio(scenario, figure, engine, ceiling, ceiling == 0 ? null : engine / ceiling);
    }

    private static Optional<Double> ratio(Double a, Double b) {
        return a == null || b == null || b == 0 ? Optional.empty() : Optional.of(a / b);
    }

    private void add(String target, Optional<String> measured, Optional<Boolean> met) {
        verdicts.add(new Verdict(target, measured.orElse("-"), met.map(m -> m ? MET : NOT_MET).orElse(NOT_MEASURED)));
    }

    private Optional<Outcome> find(String scenario, String target) {
        return outcomes.stream().filter(o -> o.scenario.equals(scenario) && o.target.equals(target)).findFirst();
    }

    private static int p999(Outcome o) {
        return o.samples.percentiles().get("p99.9");
    }

    List<Verdict> verdicts() {
        return verdicts;
    }

    List<Ratio> ratios() {
        return ratios;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ratiosEngineToCeiling", ratios.stream().map(r -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", r.scenario());
            row.put("figure", r.figure());
            row.put("engine", round(r.engine()));
            row.put("ceiling", round(r.ceiling()));
            row.put("ratio", r.ratio() == null ? null : round(r.ratio()));
            return row;
        }).toList());
        m.put("targets", verdicts);
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
