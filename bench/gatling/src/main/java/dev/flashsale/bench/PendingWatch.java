package dev.flashsale.bench;

import java.util.List;

/**
 * Watches, from the kill on, how many ledger entries the killed instance's consumer holds unacknowledged
 * on the sale's event stream: {@code redis-cli XPENDING fs:{sale}:events ledger} every 200 ms (consumers are
 * named {@code <pid>@<host>-<random>}, LedgerConsumer). Evidence that the survivors take them over
 * (XAUTOCLAIM after flashsale.ledger.claim-after), and when. {@code -c}: on a Redis Cluster the stream's master answers.
 */
final class PendingWatch {

    private final int redisPort;
    private final String stream;
    private final String consumerPrefix;
    private volatile Thread thread;
    private volatile long atKill = -1;
    private volatile long last = -1;
    private volatile Long clearedAfterMillis;

    PendingWatch(int redisPort, long saleId, long deadPid) {
        this.redisPort = redisPort;
        this.stream = "fs:{" + saleId + "}:events";
        this.consumerPrefix = deadPid + "@";
    }

    void start(long killedAt) {
        thread = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    long n = pending();
                    if (atKill < 0) {
                        atKill = n;
                    }
                    if (n == 0 && last > 0 && clearedAfterMillis == null) { // only after there was something to take over
                        clearedAfterMillis = System.currentTimeMillis() - killedAt;
                    }
                    last = n;
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    ClusterMain.log("XPENDING failed: " + e);
                }
            }
        }, "pending-watch");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws Exception {
        if (thread != null) {
            thread.interrupt();
            thread.join(2_000);
            last = pending();
        }
    }

    long atKill() {
        return atKill;
    }

    long last() {
        return last;
    }

    String clearedAfter() {
        return clearedAfterMillis == null ? null : String.format("%.1f s", clearedAfterMillis / 1000.0);
    }

    Double clearedAfterSeconds() {
        return clearedAfterMillis == null ? null : clearedAfterMillis / 1000.0;
    }

    /** XPENDING's summary (count, smallest id, greatest id, then consumer / count pairs), this consumer's count. */
    private long pending() throws Exception {
        Process p = new ProcessBuilder("redis-cli", "-c", "-p", String.valueOf(redisPort), "XPENDING", stream, "ledger")
                .redirectErrorStream(true).start();
        List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
        p.waitFor();
        for (int i = 3; i + 1 < lines.size(); i += 2) {
            if (lines.get(i).startsWith(consumerPrefix)) {
                return Long.parseLong(lines.get(i + 1).trim());
            }
        }
        return 0;
    }
}
