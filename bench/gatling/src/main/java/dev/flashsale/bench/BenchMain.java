package dev.flashsale.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import io.gatling.app.Gatling$;

/**
 * Runs the flash-sale scenarios against a running service (started by {@code bench/run.sh}) for
 * the Redis engine and the row-lock baseline, checks each outcome through the API, and writes
 * summary.json, report.md and report.html. Settings are system properties {@code bench.*}.
 */
public final class BenchMain {

    static final String ENGINE = "engine";
    static final String BASELINE = "baseline";
    static final boolean STEP_ALL_GRANTED = Boolean.parseBoolean(System.getProperty("bench.stepAllGranted", "true"));

    private final Api api;
    private final ServiceProcess service;
    private final ServiceProcess loadGenerator = new ServiceProcess(ProcessHandle.current().pid(), null);
    private final Path out;
    private final int units = Integer.getInteger("bench.units", 1000);
    private final List<String> tokens = new ArrayList<>();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Checks checks;
    private final RestoreDelay restores;

    private BenchMain(String baseUrl, long pid, String dataDir, Path out) {
        this.api = new Api(baseUrl);
        this.service = new ServiceProcess(pid, dataDir);
        this.out = out;
        this.checks = new Checks(api);
        this.restores = new RestoreDelay(api);
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        BenchMain bench = new BenchMain(System.getProperty("bench.baseUrl", "http://127.0.0.1:8080"),
                Long.getLong("bench.pid", -1), System.getProperty("bench.dataDir"), Path.of(System.getProperty("bench.out", "bench/results/latest")));
        System.exit(bench.runAll() ? 0 : 1);
    }

    private boolean runAll() throws Exception {
        Files.createDirectories(out);
        api.loginAdmin();
        List<String> scenarios = Arrays.asList(System.getProperty("bench.scenarios", "spec,burst,step").split(","));
        List<String> targets = Arrays.asList(System.getProperty("bench.targets", ENGINE + "," + BASELINE).split(","));

        // JIT warm-up of the service (and of Gatling) on throwaway sales; not reported
        for (String target : targets) {
            scenario("warm-up", target, Integer.getInteger("bench.warmupRate", 500),
                    Integer.getInteger("bench.warmupSeconds", 10), false);
        }
        outcomes.clear();
        StepSearch steps = new StepSearch(this::step);
        String aborted = null;
        try {
            runScenarios(scenarios, targets, steps);
        } catch (Exception e) {
            // still write what was measured (e.g. the service went away mid-run)
            aborted = e.toString();
            System.out.println("Run aborted: " + aborted);
        }
        restores.sample();
        Report report = new Report(outcomes, steps, restores, units, System.getProperty("bench.machine", ""), aborted);
        report.write(out);
        System.out.println(report.markdown());
        return aborted == null && outcomes.stream().allMatch(Outcome::passed);
    }

    private void runScenarios(List<String> scenarios, List<String> targets, StepSearch steps) throws Exception {
        int shoppers = Integer.getInteger("bench.shoppers", 20_000);
        int specSeconds = Integer.getInteger("bench.specSeconds", 60);
        int burstSeconds = Integer.getInteger("bench.burstSeconds", 5);
        if (scenarios.contains("spec")) {
            for (String target : targets) {
                Outcome o = scenario("spec", target, (double) shoppers / specSeconds, specSeconds, true);
                o.target("p99 <= 10 ms", o.p99() <= 10, o.p99() + " ms");
                int p999 = o.samples.percentiles().get("p99.9");
                o.target("p99.9 <= 50 ms", p999 <= 50, p999 + " ms");
                resourceTargets(o);
            }
        }
        if (scenarios.contains("burst")) {
            for (String target : targets) {
                Outcome o = scenario("burst", target, (double) shoppers / burstSeconds, burstSeconds, true);
                o.target("p99 <= 250 ms", o.p99() <= 250, o.p99() + " ms");
                resourceTargets(o);
            }
        }
        if (scenarios.contains("step")) {
            for (String target : targets) {
                steps.search(target);
            }
        }
    }

    private void resourceTargets(Outcome o) {
        o.target("service CPU <= 0.2 s per 1,000 requests", o.cpuPerThousand() <= 0.2,
                String.format("%.3f s", o.cpuPerThousand()));
        o.target("RSS <= 512 MiB", o.peakRssMiB <= 512, String.format("%.0f MiB", o.peakRssMiB));
    }

    /**
     * Steps sell a unit to every arrival by default (bench.stepAllGranted): the reserve that takes
     * stock is where a row lock serialises shoppers; with 1,000 units most answers would be the
     * cheap sold-out path in both implementations.
     */
    private Outcome step(String target, double rate) throws Exception {
        int seconds = Integer.getInteger("bench.stepSeconds", 10);
        int saleUnits = STEP_ALL_GRANTED ? (int) Math.ceil(rate * seconds) : units;
        return scenario("step", target, rate, seconds, saleUnits, false);
    }

    /** One open-model run on a fresh sale of {@code units}, then its checks. */
    private Outcome scenario(String name, String target, double rate, int seconds, boolean fullChecks) throws Exception {
        return scenario(name, target, rate, seconds, units, fullChecks);
    }

    private Outcome scenario(String name, String target, double rate, int seconds, int saleUnits, boolean fullChecks)
            throws Exception {
        int arrivals = (int) Math.ceil(rate * seconds);
        ensureTokens(arrivals);
        long saleId = api.createSale(name + "-" + target, saleUnits);
        String path = (target.equals(ENGINE) ? "/api" : "/baseline") + "/sales/" + saleId + "/reservations";
        Thread.sleep(2_000); // let the catalog reload and the previous scenario's tail settle
        Samples samples = new Samples(10_000);
        ReserveSimulation.plan = new ReserveSimulation.Plan(api.baseUrl(), path, tokens, rate, seconds, samples);
        System.out.printf("%n=== %s / %s: %.0f arrivals/s for %d s on sale %d ===%n", name, target, rate, seconds, saleId);
        ServiceProcess.Cpu before = service.cpu();
        ServiceProcess.Cpu generatorBefore = loadGenerator.cpu();
        long start = System.currentTimeMillis();
        Path gatlingDir = out.resolve("gatling");
        List<String> args = new ArrayList<>(List.of("--simulation", ReserveSimulation.class.getName(),
                "--results-folder", gatlingDir.toAbsolutePath().toString(),
                "--run-description", name + " " + target + " " + (int) rate + "/s"));
        if (!fullChecks) {
            args.add("--no-reports");
        }
        Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
        Outcome o = new Outcome(name, target, rate, seconds, saleId, samples, start);
        o.cpu = service.cpu().minus(before);
        o.loadGeneratorCpuSeconds = loadGenerator.cpu().minus(generatorBefore).jvmSeconds();
        o.peakRssMiB = service.peakRssMiB();
        o.gatlingReport = fullChecks ? latestReport(gatlingDir) : null;
        checks.verify(o, target, saleUnits, arrivals, fullChecks);
        restores.sample();
        if (samples.errors() > 0) {
            Thread.sleep(15_000); // an overloaded service may still be working off requests the client gave up on
        }
        if (!name.equals("warm-up")) {
            outcomes.add(o);
        }
        System.out.printf("%s / %s: %d answers %s, p99 %d ms, errors %d, checks %s%n", name, target,
                samples.size(), samples.kinds(), o.p99(), samples.errors(), o.passed() ? "passed" : "FAILED " + o.checks);
        return o;
    }

    private void ensureTokens(int count) {
        if (tokens.size() < count) {
            long t0 = System.currentTimeMillis();
            tokens.addAll(api.shopperTokens(run, tokens.size(), count - tokens.size()));
            System.out.printf("minted shopper tokens up to %d in %d ms%n", tokens.size(), System.currentTimeMillis() - t0);
        }
    }

    private static String latestReport(Path dir) {
        try (var runs = Files.list(dir)) {
            return runs.filter(Files::isDirectory).max(Comparator.comparingLong(p -> p.toFile().lastModified()))
                    .map(p -> dir.getParent().relativize(p.resolve("index.html")).toString()).orElse(null);
        } catch (Exception e) {
            return null;
        }
    }
}
