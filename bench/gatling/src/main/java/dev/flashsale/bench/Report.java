package dev.flashsale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** summary.json, report.md (the tables docs/performance.md quotes) and report.html (tables and latency charts). */
final class Report {

    private final List<Outcome> outcomes;
    private final StepSearch steps;
    private final StepSearch keptAliveSteps;
    private final RestoreDelay restores;
    private final Verdicts verdicts;
    private final Map<String, Object> config;
    private final String machine;
    private final String aborted;
    private final Instant at = Instant.now();
    private final WaitingRoomResult waitingRoom;

    Report(List<Outcome> outcomes, StepSearch steps, StepSearch keptAliveSteps, RestoreDelay restores, Verdicts verdicts,
            Map<String, Object> config, String machine, String aborted, WaitingRoomResult waitingRoom) {
        this.waitingRoom = waitingRoom;
        this.aborted = aborted;
        this.outcomes = outcomes;
        this.steps = steps;
        this.keptAliveSteps = keptAliveSteps;
        this.restores = restores;
        this.verdicts = verdicts;
        this.config = config;
        this.machine = machine;
    }

    void write(Path dir) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("at", at.toString());
        summary.put("machine", machine);
        summary.put("aborted", aborted);
        summary.put("configuration", config);
        summary.put("scenarios", outcomes.stream().map(Outcome::toMap).toList());
        summary.put("stepSearch", search(steps));
        summary.put("keptAliveStepSearch", search(keptAliveSteps));
        summary.put("restoreDelay", restores.toMap());
        summary.put("waitingRoom", waitingRoom == null ? null : waitingRoom.toMap());
        summary.putAll(verdicts.toMap());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("summary.json").toFile(), summary);
        Files.writeString(dir.resolve("report.md"), markdown());
        Files.writeString(dir.resolve("report.html"), Html.page(this, outcomes, markdownTables()));
    }

    private static Map<String, Object> search(StepSearch steps) {
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("maxP99Millis", steps.maxP99());
        search.put("maxShedPercent", steps.maxShedPercent());
        search.put("highestRate", steps.best());
        search.put("ratioEngineToBaseline", ratio(steps, Target.BASELINE));
        search.put("ratioEngineToCeiling", ratio(steps, Target.CEILING));
        search.put("steps", steps.steps());
        return search;
    }

    /** Engine's highest step rate over another target's, or null when either is missing. */
    static Double ratio(StepSearch steps, String other) {
        Double engine = steps.best().get(Target.ENGINE);
        Double them = steps.best().get(other);
        return engine == null || them == null || them == 0 ? null : Math.round(engine / them * 100) / 100.0;
    }

    String title() {
        return "Flash-sale benchmark" + (Boolean.TRUE.equals(config.get("quick run")) ? " (quick run)" : "") + ", " + at
                + (machine.isBlank() ? "" : " — " + machine);
    }

    String markdown() {
        return "# " + title() + "\n\n" + markdownTables();
    }

    private String markdownTables() {
        StringBuilder md = new StringBuilder();
        if (aborted != null) {
            md.append("**Run aborted before the end: ").append(aborted).append("**\n\n");
        }
        md.append("Configuration:\n\n");
        config.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append("\n| scenario | target | connections | arrivals/s | answers | throughput/s | p50 | p95 | p99 | p99.9 | max | granted | sold-out | shed | other answers | errors | service CPU s (per 1k req) | idle CPU before (cores) | stores CPU s | load generator CPU s | peak RSS MiB | checks |\n");
        md.append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Outcome o : outcomes) {
            Map<String, Integer> p = o.samples.percentiles();
            Map<String, Long> kinds = new LinkedHashMap<>(o.samples.kinds());
            long granted = kinds.getOrDefault(Samples.GRANTED, 0L);
            long soldOut = kinds.getOrDefault("sold-out", 0L);
            kinds.remove(Samples.GRANTED);
            kinds.remove("sold-out");
            md.append(String.format("| %s | %s | %s | %.0f | %d | %.0f | %d | %d | %d | %d | %d | %d | %d | %d | %s | %d | %.2f (%.3f) | %.2f | %.2f | %.2f | %.0f | %s |%n",
                    o.scenario, o.target, o.connections.startsWith("a new") ? "new each" : "kept-alive", o.rate, o.samples.size(),
                    o.throughput(), p.get("p50"), p.get("p95"), p.get("p99"), p.get("p99.9"), p.get("max"), granted, soldOut,
                    o.samples.shed(), kinds.isEmpty() ? "" : kinds.toString(), o.samples.errors(), o.cpu.jvmSeconds(),
                    o.cpuPerThousand(), o.idleCores, o.cpu.childrenSeconds(), o.loadGeneratorCpuSeconds, o.peakRssMiB,
                    o.passed() ? "all passed" : "FAILED: " + failed(o.checks)));
        }
        md.append("\nLatencies in ms (1 ms resolution) from the load generator: Gatling for a new connection per shopper, "
                + "the Netty driver for kept-alive connections (from the scheduled arrival, client queueing included). "
                + "Shed: 429/503 with Retry-After. Service CPU is all the JVM did during the scenario, background work included; "
                + "idle CPU is the JVM's with no request in flight, measured just before. "
                + "Stores: the product's embedded Redis + Postgres, the ceiling's Redis.\n");
        for (StepSearch search : List.of(steps, keptAliveSteps)) {
            if (search.best().isEmpty()) {
                continue;
            }
            md.append("\n").append(search == steps ? "Step search, a new connection per shopper" : "Step search on kept-alive connections")
                    .append(": highest arrival rate with p99 <= ").append(search.maxP99()).append(" ms, no errors and at most ")
                    .append(search.maxShedPercent()).append(" % shed:\n\n| target | highest rate/s | steps (rate: p99 ms) |\n|---|---:|---|\n");
            search.best().forEach((target, best) -> {
                StringBuilder tried = new StringBuilder();
                for (Map<String, Object> step : search.steps().get(target)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Integer> p = (Map<String, Integer>) step.get("latencyMillis");
                    tried.append(String.format("%.0f%s: %d%s; ", (Double) step.get("arrivalRatePerSecond"),
                            (Integer) step.get("attempt") > 1 ? " (again)" : "", p.get("p99"),
                            (Boolean) step.get("ok") ? "" : " (miss, " + step.get("errors") + " errors, " + step.get("shed") + " shed)"));
                }
                md.append(String.format("| %s | %.0f | %s |%n", target, best, tried.toString().trim()));
            });
            md.append("\nRatio engine / row-lock baseline: ").append(format(ratio(search, Target.BASELINE)))
                    .append("; engine / ceiling: ").append(format(ratio(search, Target.CEILING))).append('\n');
        }
        if (!verdicts.ratios().isEmpty()) {
            md.append("\nEngine / ceiling (same run; CPU is the service JVM's alone):\n\n| scenario | figure | engine | ceiling | engine / ceiling |\n|---|---|---:|---:|---:|\n");
            for (Verdicts.Ratio r : verdicts.ratios()) {
                md.append(String.format("| %s | %s | %s | %s | %s |%n", r.scenario(), r.figure(), number(r.engine()),
                        number(r.ceiling()), r.ratio() == null ? "n/a" : String.format("%.2fx", r.ratio())));
            }
        }
        md.append('\n').append(restores.markdown());
        if (waitingRoom != null) {
            md.append(waitingRoom.markdown());
        }
        md.append("\nTargets for the engine, issue 10's and (waiting-room) issue 13's (reported, not enforced):\n\n| target | measured | verdict |\n|---|---|---|\n");
        for (Verdicts.Verdict v : verdicts.verdicts()) {
            md.append("| ").append(v.target()).append(" | ").append(v.measured()).append(" | ").append(v.status()).append(" |\n");
        }
        return md.toString();
    }

    private static String format(Double ratio) {
        return ratio == null ? "n/a" : ratio + "x";
    }

    private static String number(double v) {
        return v == Math.rint(v) || Math.abs(v) >= 100 ? String.format("%.0f", v) : String.format("%.3f", v);
    }

    private static String failed(List<Outcome.Check> checks) {
        StringBuilder s = new StringBuilder();
        checks.stream().filter(c -> !c.ok()).forEach(c -> s.append(c.name()).append(" (").append(c.result()).append("); "));
        return s.toString().trim();
    }
}
