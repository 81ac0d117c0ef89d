package dev.flashsale.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * CPU over a scenario, sampled every 500 ms: how many of the machine's cores were busy (/proc/stat, every
 * process), and how many the service's JVM, its stores and the load generator used. The totals over a whole
 * scenario hide its busiest seconds; this shows whether the service waited for a core when it mattered.
 */
final class CpuTimeline implements AutoCloseable {

    static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final long EVERY_MILLIS = 500;
    private static final double TICKS = 100.0;

    private record Sample(long atMillis, double machineSeconds, ServiceProcess.Cpu service, double loadGeneratorSeconds) {
    }

    /** Cores in use on average between two moments; {@code machine} counts every process on the machine. */
    record Window(double seconds, double machine, double service, double stores, double loadGenerator, double busiestSecond) {

        /** E.g. "1.80 / 0.82 / 0.27 / 0.70; busiest second 1.92". */
        String markdown() {
            return String.format("%.2f / %.2f / %.2f / %.2f; busiest second %.2f", machine, service, stores, loadGenerator, busiestSecond);
        }
    }

    private final ServiceProcess service;
    private final ServiceProcess loadGenerator;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "cpu-timeline");
        t.setDaemon(true);
        return t;
    });

    CpuTimeline(ServiceProcess service, ServiceProcess loadGenerator) {
        this.service = service;
        this.loadGenerator = loadGenerator;
        sampler.scheduleAtFixedRate(this::sample, 0, EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private void sample() {
        Sample s = new Sample(System.currentTimeMillis(), machineBusySeconds(), service.cpu(), loadGenerator.cpu().jvmSeconds());
        synchronized (samples) {
            samples.add(s);
        }
    }

    /** The cores used from {@code fromMillis} to {@code toMillis}, from the samples just outside them; null without two. */
    Window between(long fromMillis, long toMillis) {
        List<Sample> in;
        synchronized (samples) {
            int first = 0;
            while (first + 1 < samples.size() && samples.get(first + 1).atMillis <= fromMillis) {
                first++;
            }
            int last = first;
            while (last + 1 < samples.size() && samples.get(last).atMillis < toMillis) {
                last++;
            }
            in = List.copyOf(samples.subList(first, last + 1));
        }
        if (in.size() < 2) {
            return null;
        }
        Sample a = in.get(0);
        Sample b = in.get(in.size() - 1);
        double seconds = (b.atMillis - a.atMillis) / 1000.0;
        double busiest = 0;
        int second = Math.min((int) (1000 / EVERY_MILLIS), in.size() - 1);
        for (int i = 0; i + second < in.size(); i++) {
            Sample start = in.get(i);
            Sample end = in.get(i + second);
            busiest = Math.max(busiest, (end.machineSeconds - start.machineSeconds) / ((end.atMillis - start.atMillis) / 1000.0));
        }
        ServiceProcess.Cpu used = b.service.minus(a.service);
        return new Window(seconds, (b.machineSeconds - a.machineSeconds) / seconds, used.jvmSeconds() / seconds,
                used.childrenSeconds() / seconds, (b.loadGeneratorSeconds - a.loadGeneratorSeconds) / seconds, busiest);
    }

    /**
     * CPU seconds every process on the machine used since boot, from the first line of /proc/stat: user, nice,
     * system, irq and softirq (not idle, iowait, or steal, which is another guest's time).
     */
    private static double machineBusySeconds() {
        try (var lines = Files.lines(Path.of("/proc/stat"))) {
            String[] f = lines.findFirst().orElse("cpu").trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) {
                busy += i < f.length ? Long.parseLong(f[i]) : 0;
            }
            return busy / TICKS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
