package dev.flashsale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU and memory of a service from /proc (Linux): the JVM itself, and separately its stores: the
 * embedded Redis and Postgres of standalone mode (the JVM's child processes, and the processes whose
 * command line names the service's data dir, since pg_ctl detaches the postmaster), so the row-lock
 * baseline's work inside Postgres is counted too; for the ceiling, the Redis server bench/run.sh
 * started for it ({@code extraPids}). Several JVMs (bench/cluster.sh's instances behind the proxy) count
 * as one service: their CPU is summed, their peak RSS is the largest. Clock ticks are 100 a second on Linux.
 */
final class ServiceProcess {

    record Cpu(double jvmSeconds, double childrenSeconds) {
        Cpu minus(Cpu before) {
            return new Cpu(jvmSeconds - before.jvmSeconds, childrenSeconds - before.childrenSeconds);
        }
    }

    private static final double TICKS = 100.0;
    private final List<Long> pids;
    private final String dataDir;
    private final List<Long> extraPids;

    ServiceProcess(long pid, String dataDir) {
        this(pid, dataDir, -1);
    }

    ServiceProcess(long pid, String dataDir, long extraPid) {
        this(List.of(pid), dataDir, List.of(extraPid));
    }

    ServiceProcess(List<Long> pids, String dataDir, List<Long> extraPids) {
        this.pids = List.copyOf(pids);
        this.dataDir = dataDir;
        this.extraPids = List.copyOf(extraPids);
    }

    /**
     * {@code pids}: the service's JVMs; {@code storePids}: processes counted with its stores (bench/cluster.sh:
     * its Redis, Postgres and the proxy); each one pid or several separated by commas, or empty.
     */
    static ServiceProcess of(String pids, String dataDir, String storePids) {
        return new ServiceProcess(parse(pids), dataDir, parse(storePids));
    }

    private static List<Long> parse(String pids) {
        return java.util.Arrays.stream(pids.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Long::parseLong).toList();
    }

    Cpu cpu() {
        Map<Long, List<Long>> children = new HashMap<>();
        Map<Long, Double> seconds = new HashMap<>();
        List<Long> roots = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(p -> {
                long[] stat = stat(p.resolve("stat"));
                if (stat != null) {
                    children.computeIfAbsent(stat[0], k -> new ArrayList<>()).add(Long.parseLong(p.getFileName().toString()));
                    seconds.put(Long.parseLong(p.getFileName().toString()), stat[1] / TICKS);
                    long id = Long.parseLong(p.getFileName().toString());
                    if (extraPids.contains(id) || !pids.contains(id) && namesDataDir(p)) {
                        roots.add(Long.parseLong(p.getFileName().toString()));
                    }
                }
            });
        } catch (IOException e) {
            return new Cpu(0, 0);
        }
        double descendants = 0;
        List<Long> queue = new ArrayList<>(roots);
        double jvms = 0;
        for (long pid : pids) {
            queue.addAll(children.getOrDefault(pid, List.of()));
            jvms += seconds.getOrDefault(pid, 0.0);
        }
        while (!queue.isEmpty()) {
            long child = queue.remove(queue.size() - 1);
            descendants += seconds.getOrDefault(child, 0.0);
            queue.addAll(children.getOrDefault(child, List.of()));
        }
        return new Cpu(jvms, descendants);
    }

    /** Peak resident set of the JVM since it started (VmHWM), in MiB; of several, the largest. */
    double peakRssMiB() {
        return statusKiB("VmHWM:") / 1024.0;
    }

    double rssMiB() {
        return statusKiB("VmRSS:") / 1024.0;
    }

    private double statusKiB(String field) {
        return pids.stream().mapToDouble(pid -> statusKiB(pid, field)).max().orElse(0);
    }

    private static double statusKiB(long pid, String field) {
        try {
            return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                    .filter(l -> l.startsWith(field))
                    .map(l -> l.replaceAll("[^0-9]", ""))
                    .mapToDouble(Double::parseDouble).findFirst().orElse(0);
        } catch (IOException e) {
            return 0;
        }
    }

    private boolean namesDataDir(Path proc) {
        if (dataDir == null || dataDir.isBlank()) {
            return false;
        }
        try {
            return new String(Files.readAllBytes(proc.resolve("cmdline"))).contains(dataDir + "/");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** {ppid, utime + stime} of one process, or null if it is gone. */
    private static long[] stat(Path file) {
        try {
            String s = Files.readString(file);
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return new long[] {Long.parseLong(f[1]), Long.parseLong(f[11]) + Long.parseLong(f[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
