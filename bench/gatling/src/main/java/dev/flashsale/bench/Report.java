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

/** summary.json, report.md (the table the README quotes) and report.html (tables and latency charts). */
final class Report {

    private final List<Outcome> outcomes;
    private final StepSearch steps;
    private final RestoreDelay restores;
    private final int units;
    private final String machine;
    private final String aborted;
    private final Instant at = Instant.now();

    Report(List<Outcome> outcomes, StepSearch steps, RestoreDelay restores, int units, String machine, String aborted) {
        this.aborted = aborted;
        this.outcomes = outcomes;
        this.steps = steps;
        this.restores = restores;
        this.units = units;
        this.machine = machine;
    }

    void write(Path dir) throws IOException {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("at", at.toString());
        summary.put("machine", machine);
        summary.put("aborted", aborted);
        summary.put("unitsPerSale", units);
        summary.put("scenarios", outcomes.stream().map(Outcome::toMap).toList());
        Map<String, Object> search = new LinkedHashMap<>();
        search.put("maxP99Millis", steps.maxP99());
        search.put("highestRate", steps.best());
        search.put("ratioEngineToBaseline", ratio());
        search.put("steps", steps.steps());
        summary.put("stepSearch", search);
        summary.put("restoreDelay", restores.toMap());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("summary.json").toFile(), summary);
        Files.writeString(dir.resolve("report.md"), markdown());
        Files.writeString(dir.resolve("report.html"), Html.page(this, outcomes, markdownTables()));
    }

    Double ratio() {
        Double engine = steps.best().get(BenchMain.ENGINE);
        Double baseline = steps.best().get(BenchMain.BASELINE);
        return engine == null || baseline == null || baseline == 0 ? null : Math.round(engine / baseline * 10) / 10.0;
    }

    String title() {
        return "Flash-sale benchmark, " + at + (machine.isBlank() ? "" : " — " + machine);
    }

    String markdown() {
        return "# " + title() + "\n\n" + markdownTables();
    }

    private String markdownTables() {
        StringBuilder md = new StringBuilder();
        if (aborted != null) {
            md.append("**Run aborted before the end: ").append(aborted).append("**\n\n");
        }
        md.append("| scenario | target | arrivals/s | answers | throughput/s | p50 | p95 | p99 | p99.9 | max | granted | sold-out | other answers | errors | service CPU s (per 1k req) | Redis+PG CPU s | Gatling CPU s | peak RSS MiB | checks |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---|\n");
        for (Outcome o : outcomes) {
            Map<String, Integer> p = o.samples.percentiles();
            Map<String, Long> kinds = new LinkedHashMap<>(o.samples.kinds());
            long granted = kinds.getOrDefault(Samples.GRANTED, 0L);
            long soldOut = kinds.getOrDefault("sold-out", 0L);
            kinds.remove(Samples.GRANTED);
            kinds.remove("sold-out");
            md.append(String.format("| %s | %s | %.0f | %d | %.0f | %d | %d | %d | %d | %d | %d | %d | %s | %d | %.2f (%.3f) | %.2f | %.2f | %.0f | %s |%n",
                    o.scenario, o.target, o.rate, o.samples.size(), o.throughput(), p.get("p50"), p.get("p95"),
                    p.get("p99"), p.get("p99.9"), p.get("max"), granted, soldOut, kinds.isEmpty() ? "" : kinds.toString(),
                    o.samples.errors(), o.cpu.jvmSeconds(), o.cpuPerThousand(), o.cpu.childrenSeconds(), o.loadGeneratorCpuSeconds, o.peakRssMiB,
                    o.passed() ? "all passed" : "FAILED: " + failed(o.checks)));
        }
        md.append("\nLatencies in ms, measured by the load generator (Gatling, 1 ms resolution), each shopper on its own connection.\n");
        if (!steps.best().isEmpty()) {
            md.append("\nHighest arrival rate with p99 <= ").append(steps.maxP99()).append(" ms and no errors (steps of ")
                    .append(Integer.getInteger("bench.stepSeconds", 10)).append(" s, each a fresh sale ")
                    .append(BenchMain.STEP_ALL_GRANTED ? "with a unit for every arrival, so every answer is a grant"
                            : "of " + units + " units")
                    .append("):\n\n| target | highest rate/s | steps (rate: p99 ms) |\n|---|---:|---|\n");
            steps.best().forEach((target, best) -> {
                StringBuilder tried = new StringBuilder();
                for (Map<String, Object> step : steps.steps().get(target)) {
                    @SuppressWarnings("unchecked")
                    Map<String, Integer> p = (Map<String, Integer>) step.get("latencyMillis");
                    tried.append(String.format("%.0f: %d%s; ", (Double) step.get("arrivalRatePerSecond"), p.get("p99"),
                            (Boolean) step.get("ok") ? "" : " (miss, " + step.get("errors") + " errors)"));
                }
                md.append(String.format("| %s | %.0f | %s |%n", target, best, tried.toString().trim()));
            });
            md.append("\nRatio engine / row-lock baseline: ").append(ratio() == null ? "n/a" : ratio() + "x").append('\n');
        }
        md.append('\n').append(restores.markdown());
        md.append("\nTargets (reported, not enforced):\n\n");
        for (Outcome o : outcomes) {
            for (Outcome.Check t : o.targets) {
                md.append(String.format("- %s / %s: %s — %s (%s)%n", o.scenario, o.target, t.name(), t.result(),
                        t.ok() ? "met" : "NOT met"));
            }
        }
        return md.toString();
    }

    private static String failed(List<Outcome.Check> checks) {
        StringBuilder s = new StringBuilder();
        checks.stream().filter(c -> !c.ok()).forEach(c -> s.append(c.name()).append(" (").append(c.result()).append("); "));
        return s.toString().trim();
    }
}
