package dev.flashsale.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.gatling.app.Gatling$;

/**
 * Runs the flash-sale scenarios against the running services (started by {@code bench/run.sh}) for
 * each target (the Redis engine, the row-lock baseline, the bare-stack ceiling), checks each outcome
 * through the target's API, and writes summary.json, report.md and report.html. Settings are system
 * properties {@code bench.*}; {@link Settings#describe()} lists the ones in force, and the report prints them.
 */
public final class BenchMain {

    /** The client gives up on an answer after this long: as gatling.conf's requestTimeout; the kept-alive driver uses it too. */
    static final int TIMEOUT_MILLIS = 10_000;
    static final int IDLE_MILLIS = 2_000;

    private final Map<String, Target> available = new LinkedHashMap<>();
    private final ServiceProcess product;
    private final ServiceProcess loadGenerator = new ServiceProcess(ProcessHandle.current().pid(), null);
    private final Api api;
    private final Path out;
    private final Settings settings = new Settings();
    private final List<String> tokens = new ArrayList<>();
    private final String run = Long.toString(System.currentTimeMillis(), 36);
    private final List<Outcome> outcomes = new ArrayList<>();
    private final Checks checks = new Checks();
    private final RestoreDelay restores;
    private WaitingRoomResult waitingRoom;

    private BenchMain(Path out) {
        this.out = out;
        this.api = new Api(System.getProperty("bench.baseUrl", "http://127.0.0.1:8080"));
        this.product = ServiceProcess.of(System.getProperty("bench.pid", "-1"), System.getProperty("bench.dataDir"),
                System.getProperty("bench.storePids", ""));
        this.restores = new RestoreDelay(api);
        available.put(Target.ENGINE, new Target(Target.ENGINE, api, "/api", "/api", product));
        available.put(Target.BASELINE, new Target(Target.BASELINE, api, "/baseline", "/baseline", product));
        String ceilingUrl = System.getProperty("bench.ceilingUrl");
        if (ceilingUrl != null && !ceilingUrl.isBlank()) {
            available.put(Target.CEILING, new Target(Target.CEILING, new Api(ceilingUrl), "/api", "/api",
                    new ServiceProcess(Long.getLong("bench.ceilingPid", -1), null, Long.getLong("bench.ceilingRedisPid", -1))));
        }
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        BenchMain bench = new BenchMain(Path.of(System.getProperty("bench.out", "bench/results/latest")));
        System.exit(bench.runAll() ? 0 : 1);
    }

    private boolean runAll() throws Exception {
        Files.createDirectories(out);
        api.loginAdmin();
        List<Target> targets = new ArrayList<>();
        for (String name : settings.targets) {
            Target t = available.get(name);
            if (t == null) {
                throw new IllegalArgumentException("unknown or unavailable target " + name + " (have " + available.keySet() + ")");
            }
            targets.add(t);
        }
        // JIT warm-up of each service (and of the load drivers) on throwaway sales; not reported. The
        // kept-alive path gets its own: a JVM warmed on new connections alone still compiles for a while
        // when the same requests arrive on kept-alive ones (seen as seconds of queueing in a first run).
        boolean keptAlive = settings.scenarios.stream().anyMatch(s -> s.startsWith("keepalive"));
        for (Target target : targets) {
            scenario("warm-up", target, settings.warmupRate, settings.warmupSeconds, settings.units, false, false);
            if (keptAlive) {
                scenario("warm-up", target, settings.warmupRate, settings.warmupSeconds,
                        settings.warmupRate * settings.warmupSeconds, false, true);
            }
        }
        outcomes.clear();
        StepSearch steps = new StepSearch(this::step, settings.stepRates, settings.stepMaxP99, settings.stepMaxShed,
                settings.stepRetries);
        StepSearch keptAliveSteps = new StepSearch(this::keptAliveStep, settings.stepRates, settings.stepMaxP99,
                settings.stepMaxShed, settings.stepRetries);
        String aborted = null;
        try {
            runScenarios(targets, steps, keptAliveSteps);
        } catch (Exception e) {
            // still write what was measured (e.g. a service went away mid-run)
            aborted = e.toString();
            System.out.println("Run aborted: " + aborted);
        }
        restores.sample();
        Verdicts verdicts = new Verdicts(outcomes, steps, keptAliveSteps, restores, settings, product.peakRssMiB());
        verdicts.waitingRoom(waitingRoom, settings);
        Report report = new Report(outcomes, steps, keptAliveSteps, restores, verdicts, settings.describe(),
                System.getProperty("bench.machine", ""), aborted, waitingRoom);
        report.write(out);
        System.out.println(report.markdown());
        return aborted == null && outcomes.stream().allMatch(Outcome::passed) && (waitingRoom == null || waitingRoom.conserved());
    }

    private void runScenarios(List<Target> targets, StepSearch steps, StepSearch keptAliveSteps) throws Exception {
        if (settings.scenarios.contains("spec")) {
            for (Target target : targets) {
                scenario("spec", target, (double) settings.shoppers / settings.specSeconds, settings.specSeconds, settings.units, true, false);
            }
        }
        if (settings.scenarios.contains("burst")) {
            for (Target target : targets) {
                scenario("burst", target, (double) settings.shoppers / settings.burstSeconds, settings.burstSeconds, settings.units, true, false);
            }
        }
        List<String> names = targets.stream().map(Target::name).toList();
        if (settings.scenarios.contains("step")) {
            steps.search(names);
        }
        if (settings.scenarios.contains("keepalive")) {
            for (Target target : targets) {
                int arrivals = (int) Math.ceil(settings.keepAliveRate * settings.keepAliveSeconds);
                scenario("keepalive", target, settings.keepAliveRate, settings.keepAliveSeconds, arrivals, true, true);
            }
        }
        if (settings.scenarios.contains("keepalive-step")) {
            keptAliveSteps.search(names);
        }
        if (settings.scenarios.contains("waiting-room") && targets.stream().anyMatch(t -> t.name().equals(Target.ENGINE))) {
            waitingRoom();
        }
    }

    /** The engine only: neither the baseline nor the ceiling has a waiting room. */
    private void waitingRoom() throws Exception {
        ensureTokens(settings.shoppers);
        long saleId = api.createSale("waiting-room", settings.units);
        Thread.sleep(1_000); // let the catalog reload
        System.out.printf("%n=== waiting-room / engine: %d joins in %d s on sale %d of %d units, %d admitted/s, follow mode %s ===%n",
                settings.shoppers, settings.burstSeconds, saleId, settings.units, settings.roomAdmitPerSecond, settings.roomFollow);
        WaitingRoomBurst burst = new WaitingRoomBurst(api, tokens, settings, product, loadGenerator);
        burst.warmUp(() -> {
            long warmUpSale = api.createSale("waiting-room warm-up", settings.units);
            Thread.sleep(1_000); // let the catalog reload
            return warmUpSale;
        });
        Thread.sleep(1_000); // let the catalog reload
        waitingRoom = burst.run(saleId, Duration.ofSeconds(settings.roomDeadlineSeconds));
        System.out.println(waitingRoom.markdown());
    }

    /**
     * Steps sell a unit to every arrival by default (bench.stepAllGranted): the reserve that takes
     * stock is where a row lock serialises shoppers; with 1,000 units most answers would be the
     * cheap sold-out path in every implementation.
     */
    private Outcome step(String target, double rate) throws Exception {
        int saleUnits = settings.stepAllGranted ? (int) Math.ceil(rate * settings.stepSeconds) : settings.units;
        return scenario("step", available.get(target), rate, settings.stepSeconds, saleUnits, false, false);
    }

    /** The step search again, on the kept-alive connections: what each target serves when connections cost nothing. */
    private Outcome keptAliveStep(String target, double rate) throws Exception {
        int saleUnits = (int) Math.ceil(rate * settings.stepSeconds);
        return scenario("keepalive-step", available.get(target), rate, settings.stepSeconds, saleUnits, false, true);
    }

    /** One open-model run on a fresh sale of {@code saleUnits}, then its checks. */
    private Outcome scenario(String name, Target target, double rate, int seconds, int saleUnits, boolean fullChecks,
            boolean keptAlive) throws Exception {
        int arrivals = (int) Math.ceil(rate * seconds);
        ensureTokens(arrivals);
        long saleId = target.createSale(name + "-" + target.name(), saleUnits);
        String path = target.reservePath(saleId);
        String baseUrl = target.api().baseUrl();
        Thread.sleep(1_000); // let the catalog reload and the previous scenario's tail settle
        // what the service burns with no request in flight (JIT, background jobs, a ledger catching
        // up), so a reader can tell it from the per-request cost the CPU column divides out
        ServiceProcess.Cpu idleBefore = target.process().cpu();
        Thread.sleep(IDLE_MILLIS);
        double idleCores = target.process().cpu().minus(idleBefore).jvmSeconds() * 1000.0 / IDLE_MILLIS;
        Samples samples = new Samples(TIMEOUT_MILLIS);
        String connections = keptAlive ? settings.keepAliveConnections + " kept-alive connections shared by all shoppers"
                : "a new connection per shopper";
        System.out.printf("%n=== %s / %s: %.0f arrivals/s for %d s on sale %d of %d units, %s ===%n", name, target.name(),
                rate, seconds, saleId, saleUnits, connections);
        ServiceProcess.Cpu before = target.process().cpu();
        ServiceProcess.Cpu generatorBefore = loadGenerator.cpu();
        long start = System.currentTimeMillis();
        Path gatlingDir = out.resolve("gatling");
        if (keptAlive) {
            KeptAliveLoad load = new KeptAliveLoad(baseUrl, path, tokens, settings.keepAliveConnections, rate, seconds,
                    TIMEOUT_MILLIS, samples);
            load.run();
            System.out.printf("kept-alive driver opened %d connections (%d at the start)%n", load.connectionsOpened(),
                    settings.keepAliveConnections);
        } else {
            ReserveSimulation.plan = new ReserveSimulation.Plan(baseUrl, path, tokens, rate, seconds, samples);
            List<String> args = new ArrayList<>(List.of("--simulation", ReserveSimulation.class.getName(),
                    "--results-folder", gatlingDir.toAbsolutePath().toString(),
                    "--run-description", name + " " + target.name() + " " + (int) rate + "/s"));
            if (!fullChecks) {
                args.add("--no-reports");
            }
            Gatling$.MODULE$.fromArgs(args.toArray(String[]::new));
        }
        Outcome o = new Outcome(name, target.name(), rate, seconds, saleId, samples, start, connections);
        o.cpu = target.process().cpu().minus(before);
        o.idleCores = idleCores;
        o.loadGeneratorCpuSeconds = loadGenerator.cpu().minus(generatorBefore).jvmSeconds();
        o.peakRssMiB = target.process().peakRssMiB();
        o.gatlingReport = fullChecks && !keptAlive ? latestReport(gatlingDir) : null;
        checks.verify(o, target, saleUnits, arrivals, fullChecks);
        restores.sample();
        if (samples.errors() > 0) {
            Thread.sleep(15_000); // an overloaded service may still be working off requests the client gave up on
        }
        if (!name.equals("warm-up")) {
            outcomes.add(o);
        }
        System.out.printf("%s / %s: %d answers %s, p99 %d ms, shed %d, errors %d, checks %s%n", name, target.name(),
                samples.size(), samples.kinds(), o.p99(), samples.shed(), samples.errors(),
                o.passed() ? "passed" : "FAILED " + o.checks);
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
