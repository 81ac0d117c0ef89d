package dev.flashsale.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * bench/cluster.sh's result table, from what its phases wrote in the run directory: {@code direct/summary.json}
 * and {@code proxy/summary.json} (BenchMain straight at one instance and through the proxy at three),
 * {@code kill.json} (ClusterMain) and the proxy's stats ({@code stats-*.csv}, HAProxy's {@code /stats;csv}).
 * Prints table.md and writes it beside them.
 */
public final class ClusterTable {

    private final Path dir;
    private final StringBuilder md = new StringBuilder();
    private final List<String> targets = new ArrayList<>();

    ClusterTable(Path dir) {
        this.dir = dir;
    }

    public static void main(String[] args) throws Exception {
        Locale.setDefault(Locale.ROOT);
        ClusterTable table = new ClusterTable(Path.of(args[0]));
        table.write(args.length > 1 ? args[1] : "");
    }

    void write(String machine) throws Exception {
        md.append("Machine: ").append(machine).append("\n\n");
        JsonNode direct = json("direct/summary.json");
        JsonNode proxied = json("proxy/summary.json");
        if (direct != null || proxied != null) {
            md.append("| scenario | instances | p50 | p95 | p99 | p99.9 | max (ms) | throughput/s | answers | errors | JVM CPU s / 1k req"
                    + " (all instances) | Redis + Postgres + HAProxy CPU s | checks |\n");
            md.append("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |\n");
        }
        JsonNode burstDirect = scenario(direct, "burst");
        JsonNode burstProxy = scenario(proxied, "burst");
        row("burst straight at one instance", "1 of 3 (the other two idle)", burstDirect);
        row("burst through the proxy", "3", burstProxy);
        if (burstDirect != null && burstProxy != null) {
            double p99Ratio = burstProxy.at("/latencyMillis/p99").asDouble() / Math.max(1, burstDirect.at("/latencyMillis/p99").asDouble());
            double cpuRatio = burstProxy.path("serviceCpuSecondsPer1000Requests").asDouble()
                    / Math.max(1e-9, burstDirect.path("serviceCpuSecondsPer1000Requests").asDouble());
            md.append(String.format("%nThrough the proxy / straight: p99 %.2fx, JVM CPU per 1,000 requests %.2fx.%n", p99Ratio, cpuRatio));
            long p99 = burstProxy.at("/latencyMillis/p99").asLong();
            long errors = burstProxy.path("errors").asLong();
            target("burst through the proxy at three instances: p99 <= 100 ms and 0 errors", p99 <= 100 && errors == 0,
                    "p99 " + p99 + " ms, " + errors + " errors, " + burstProxy.path("shed").asLong() + " shed");
        }
        double stepDirect = highest(direct);
        double stepProxy = highest(proxied);
        if (direct != null && direct.at("/stepSearch/steps/engine").size() > 0
                || proxied != null && proxied.at("/stepSearch/steps/engine").size() > 0) {
            md.append(String.format("%n| step search (p99 <= 100 ms, no error, no shed) | straight at one instance | through the proxy at three | ratio |%n"
                    + "| --- | ---: | ---: | ---: |%n| highest rate passed | %.0f/s | %.0f/s | %.2fx |%n", stepDirect, stepProxy,
                    stepProxy / Math.max(1, stepDirect)));
            target("step search through the proxy >= 2x one instance's", stepProxy > 0 && stepProxy >= 2 * stepDirect,
                    String.format("%.0f/s vs %.0f/s", stepProxy, stepDirect));
        }
        kill(json("kill.json"));
        distribution();
        md.append("\nTargets:\n");
        targets.forEach(t -> md.append("- ").append(t).append('\n'));
        Files.writeString(dir.resolve("table.md"), md.toString());
        System.out.println(md);
    }

    private void kill(JsonNode k) {
        if (k == null) {
            return;
        }
        JsonNode stock = k.path("stockAfterBurst");
        long taken = stock.path("held").asLong() + stock.path("sold").asLong();
        long granted = k.path("granted").asLong();
        long total = stock.path("total").asLong();
        long oversold = Math.max(0, taken - total) + Math.max(0, granted - total);
        long lost = Math.max(0, granted - taken);
        String killed = k.path("killed").asText("one instance");
        boolean redisKilled = killed.startsWith("the Redis");
        md.append("\n| kill -9 of ").append(killed).append(" mid-burst | |\n| --- | --- |\n");
        md.append("| burst | ").append(k.path("burst").asText()).append(" |\n");
        md.append("| granted / units | ").append(granted).append(" / ").append(total).append(" (").append(k.path("soldOut").asLong())
                .append(" sold-out) |\n");
        md.append("| oversold / lost holds | ").append(oversold).append(" / ").append(lost).append(" |\n");
        md.append("| requests (all attempts) / 5xx / duplicated (units taken without a grant seen) | ")
                .append(k.path("attempts").asLong()).append(" / ").append(count5xx(k.path("answers"))).append(" / ")
                .append(Math.max(0, taken - granted)).append(" |\n");
        md.append("| last 503 after the kill (recovery) | ").append(String.format("%.1f s", k.path("last503SecondsAfterKill").asDouble()))
                .append(" |\n");
        md.append("| attempts without an outcome | ").append(k.path("failedAttempts").asLong()).append(" ")
                .append(k.path("failedAttemptKinds")).append("; ").append(k.path("inFlightAtKill").asLong())
                .append(" requests in flight (all instances) at the kill; ").append(k.path("shoppersRetried").asLong())
                .append(" shoppers retried (failures and sheds) |\n");
        long pendingAtKill = k.path("deadConsumerPendingAtKill").asLong();
        if (!redisKilled) {
            md.append("| the dead consumer's unacknowledged ledger entries | ").append(pendingAtKill)
                .append(" at the kill, ").append(k.path("deadConsumerPendingNow").asLong()).append(" after")
                .append(pendingAtKill == 0 ? " (nothing to take over this time)"
                        : k.path("deadConsumerPendingClearedAfterKill").isTextual()
                        ? ", taken over " + k.path("deadConsumerPendingClearedAfterKill").asText() + " after the kill" : "").append(" |\n");
        }
        md.append("| ledger after the burst | ").append(k.path("ledger after the burst").asText()).append(" |\n");
        md.append("| holds ended | releases ").append(k.path("releases")).append(", again ").append(k.path("releasesAgain"))
                .append("; states ").append(k.path("holdStatesAfter")).append("; ").append(k.path("ledger after every hold ended").asText())
                .append(" |\n");
        md.append("| answers (all attempts) | ").append(k.path("answers").toString().replace("|", "/")).append(" |\n");
        md.append("| checks | ").append(k.path("failedChecks").isEmpty() ? "all passed" : "FAILED: " + k.path("failedChecks"))
                .append(" |\n");
        target("kill -9: 0 oversold, 0 lost holds", oversold == 0 && lost == 0, oversold + " oversold, " + lost + " lost");
        // The ledger cannot be in sync while the burst (and its retries) still writes: the target is read as the
        // dead consumer's entries applied by the others within 5 s of the kill, and the whole ledger in sync
        // within 5 s of the burst's last answer.
        JsonNode cleared = k.path("deadConsumerPendingClearedSecondsAfterKill");
        JsonNode afterLast = k.path("ledgerInSyncSecondsAfterLastAnswer");
        boolean claimed = k.path("deadConsumerPendingAtKill").asLong() == 0 || cleared.isNumber() && cleared.asDouble() <= 5;
        target("kill -9: ledger in sync within 5 s (the dead instance's entries applied within 5 s of the kill, the ledger"
                + " in sync within 5 s of the last answer)", claimed && afterLast.isNumber() && afterLast.asDouble() <= 5,
                k.path("deadConsumerPendingAtKill").asLong() + " entries pending on the dead consumer at the kill"
                        + (k.path("deadConsumerPendingAtKill").asLong() == 0 ? ""
                        : cleared.isNumber() ? ", taken over " + cleared.asText() + " s after it" : ", not cleared") + "; ledger "
                        + k.path("ledger after the burst").asText());
        target("kill -9: the clients' lost answers only requests in flight at the kill, each retried with its key to an outcome",
                k.path("failedNotInFlightAtKill").asLong(-1) == 0 && k.path("failedChecks").toString().indexOf("retry") < 0,
                k.path("failedAttemptKinds") + ", " + k.path("failedNotInFlightAtKill").asLong() + " not in flight at the kill");
    }

    private static long count5xx(JsonNode answers) {
        long n = 0;
        for (var fields = answers.fields(); fields.hasNext(); ) {
            var field = fields.next();
            if (field.getKey().startsWith("5")) {
                n += field.getValue().asLong();
            }
        }
        return n;
    }

    /** Requests each instance served, per phase, from the proxy's stats (stot: sessions, one per request here). */
    private void distribution() throws Exception {
        Map<String, Map<String, String[]>> phases = new LinkedHashMap<>();
        for (String phase : List.of("bench", "kill")) {
            Path file = dir.resolve("stats-" + phase + ".csv");
            if (Files.exists(file)) {
                Map<String, String[]> servers = new LinkedHashMap<>();
                List<String> lines = Files.readAllLines(file);
                List<String> header = List.of(lines.get(0).replace("# ", "").split(","));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.split(",", -1);
                    if (f[0].equals("instances") && f[1].startsWith("app")) {
                        servers.put(f[1], new String[] {f[header.indexOf("stot")], f[header.indexOf("hrsp_5xx")],
                                f[header.indexOf("status")]});
                    }
                }
                phases.put(phase, servers);
            }
        }
        if (phases.isEmpty()) {
            return;
        }
        md.append("\n| instance | requests through the proxy (HAProxy stot), burst + step phase | 5xx (sheds included) | in the kill phase | 5xx (sheds included) | status at the end |\n"
                + "| --- | ---: | ---: | ---: | ---: | --- |\n");
        Map<String, String[]> bench = phases.getOrDefault("bench", Map.of());
        Map<String, String[]> kill = phases.getOrDefault("kill", Map.of());
        for (String server : List.of("app1", "app2", "app3")) {
            String[] b = bench.getOrDefault(server, new String[] {"0", "0", "?"});
            String[] k = kill.getOrDefault(server, b);
            long killRequests = Long.parseLong(k[0]) - Long.parseLong(b[0]);
            long killErrors = Long.parseLong(k[1]) - Long.parseLong(b[1]);
            md.append("| ").append(server).append(" | ").append(b[0]).append(" | ").append(b[1]).append(" | ").append(killRequests)
                    .append(" | ").append(killErrors).append(" | ").append(k[2]).append(" |\n");
        }
    }

    private void row(String name, String instances, JsonNode o) {
        if (o == null) {
            return;
        }
        JsonNode l = o.path("latencyMillis");
        boolean passed = o.path("passed").asBoolean();
        md.append(String.format("| %s | %s | %d | %d | %d | %d | %d | %.0f | %s | %d | %.3f | %.1f | %s |%n", name, instances,
                l.path("p50").asLong(), l.path("p95").asLong(), l.path("p99").asLong(), l.path("p99.9").asLong(), l.path("max").asLong(),
                o.path("throughputPerSecond").asDouble(), o.path("answers").toString().replace("|", "/"), o.path("errors").asLong(),
                o.path("serviceCpuSecondsPer1000Requests").asDouble(), o.path("storesCpuSeconds").asDouble(),
                passed ? "passed" : "FAILED"));
    }

    private void target(String name, boolean met, String detail) {
        targets.add(name + ": **" + (met ? "met" : "NOT met") + "** (" + detail + ")");
    }

    private static JsonNode scenario(JsonNode summary, String name) {
        if (summary == null) {
            return null;
        }
        for (JsonNode s : summary.path("scenarios")) {
            if (s.path("scenario").asText().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private static double highest(JsonNode summary) {
        return summary == null ? 0 : summary.at("/stepSearch/highestRate/engine").asDouble(0);
    }

    private JsonNode json(String name) throws Exception {
        Path file = dir.resolve(name);
        return Files.exists(file) ? ClusterMain.JSON.readTree(file.toFile()) : null;
    }
}
