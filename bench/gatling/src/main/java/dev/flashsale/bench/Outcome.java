package dev.flashsale.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Figures and checks of one scenario run against one target (engine, baseline or ceiling). */
final class Outcome {

    record Check(String name, String result, boolean ok) {
    }

    final String scenario;
    final String target;
    final double rate;
    final int seconds;
    final long saleId;
    final Samples samples;
    final long startMillis;
    final List<Check> checks = new ArrayList<>();
    /** How shoppers reach the service: a connection each, or N kept-alive connections shared by all. */
    final String connections;
    ServiceProcess.Cpu cpu = new ServiceProcess.Cpu(0, 0);
    double peakRssMiB;
    double loadGeneratorCpuSeconds;
    /** Service JVM CPU with no request in flight, just before the scenario, in cores (CPU seconds a second). */
    double idleCores;
    String gatlingReport;

    Outcome(String scenario, String target, double rate, int seconds, long saleId, Samples samples, long startMillis,
            String connections) {
        this.connections = connections;
        this.scenario = scenario;
        this.target = target;
        this.rate = rate;
        this.seconds = seconds;
        this.saleId = saleId;
        this.samples = samples;
        this.startMillis = startMillis;
    }

    void check(String name, boolean ok, String result) {
        checks.add(new Check(name, result, ok));
    }

    boolean passed() {
        return checks.stream().allMatch(Check::ok);
    }

    int p99() {
        return samples.percentiles().get("p99");
    }

    double throughput() {
        long elapsed = Math.max(1, samples.lastCompletion() - startMillis);
        return samples.size() * 1000.0 / elapsed;
    }

    /** Service JVM CPU seconds per 1,000 reserve requests answered (grants, refusals and sheds alike). */
    double cpuPerThousand() {
        return samples.size() == 0 ? 0 : cpu.jvmSeconds() * 1000.0 / samples.size();
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("scenario", scenario);
        m.put("target", target);
        m.put("arrivalRatePerSecond", rate);
        m.put("seconds", seconds);
        m.put("connections", connections);
        m.put("saleId", saleId);
        m.put("responses", samples.size());
        m.put("throughputPerSecond", Math.round(throughput() * 10) / 10.0);
        m.put("latencyMillis", samples.percentiles());
        m.put("meanMillis", Math.round(samples.meanMillis() * 100) / 100.0);
        m.put("answers", samples.kinds());
        m.put("shed", samples.shed());
        m.put("errors", samples.errors());
        m.put("serviceCpuSeconds", Math.round(cpu.jvmSeconds() * 100) / 100.0);
        m.put("serviceIdleCpuCoresBefore", Math.round(idleCores * 1000) / 1000.0);
        m.put("storesCpuSeconds", Math.round(cpu.childrenSeconds() * 100) / 100.0);
        m.put("serviceCpuSecondsPer1000Requests", Math.round(cpuPerThousand() * 1000) / 1000.0);
        m.put("servicePeakRssMiB", Math.round(peakRssMiB));
        m.put("loadGeneratorCpuSeconds", Math.round(loadGeneratorCpuSeconds * 100) / 100.0);
        m.put("checks", checks);
        m.put("passed", passed());
        m.put("gatlingReport", gatlingReport);
        m.put("perSecond", samples.perSecond(startMillis));
        return m;
    }
}
