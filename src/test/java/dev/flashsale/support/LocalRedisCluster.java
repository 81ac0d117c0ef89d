package dev.flashsale.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.stream.IntStream;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.SlotHash;
import redis.embedded.RedisServer;

/**
 * A real Redis Cluster on loopback: three masters, each with one replica, from the embedded Redis
 * binary the tests already use (6.2), joined with CLUSTER MEET/ADDSLOTS/REPLICATE (no redis-cli
 * needed). Configured as production expects (expired-key notifications, append-only files) with a
 * short node timeout so that a killed master's replica is promoted within a few seconds.
 */
public final class LocalRedisCluster implements AutoCloseable {

    public static final int MASTERS = 3;
    /** How long a master must be unreachable before the cluster fails it over. */
    public static final Duration NODE_TIMEOUT = Duration.ofMillis(2_000);
    private static final Duration FORMING = Duration.ofSeconds(60);

    /** One Redis process of the cluster. */
    public record Node(int port, Path dir, RedisServer server) {

        public long pid() {
            try {
                return Long.parseLong(Files.readString(dir.resolve("redis.pid")).trim());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        public String address() {
            return "127.0.0.1:" + port;
        }
    }

    private final List<Node> nodes;

    private LocalRedisCluster(List<Node> nodes) {
        this.nodes = nodes;
    }

    /** Starts six nodes and waits until every one of them reports {@code cluster_state:ok} and the replicas are in sync. */
    public static LocalRedisCluster start(Path dir) {
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 2 * MASTERS; i++) {
                nodes.add(startNode(dir.resolve("node-" + i)));
            }
            LocalRedisCluster cluster = new LocalRedisCluster(nodes);
            cluster.form();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(LocalRedisCluster::stop);
            throw e;
        }
    }

    /** {@code host:port,...} of every node, for {@code spring.data.redis.cluster.nodes}. */
    public String seedNodes() {
        return String.join(",", nodes.stream().map(Node::address).toList());
    }

    public List<Node> nodes() {
        return nodes;
    }

    /** The node that serves {@code key}'s slot as master right now. */
    public Node masterOf(String key) {
        int slot = SlotHash.getSlot(key);
        for (Node node : nodes) {
            String info = run(node, c -> c.info("replication"));
            if (info == null || !info.contains("role:master")) {
                continue;
            }
            String all = run(node, c -> c.clusterNodes());
            String owner = all == null ? "" : all.lines().filter(line -> line.contains("myself")).findFirst().orElse("");
            if (servesSlot(owner, slot)) {
                return node;
            }
        }
        throw new IllegalStateException("No live master serves slot " + slot);
    }

    /** SIGKILL, as a crash: no shutdown, no last append-only write. */
    public void kill(Node node) {
        ProcessHandle.of(node.pid()).ifPresent(ProcessHandle::destroyForcibly);
    }

    /**
     * Starts a killed node again on its port and data: it rejoins the cluster (its nodes.conf) as a
     * replica of the master that replaced it. Waits until every node is in a healthy cluster again.
     */
    public void restart(Node node) {
        stop(node);
        try {
            node.server().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        await("the restarted node back as a replica", n -> "ok".equals(clusterState(n))
                && (n != node || run(n, c -> c.info("replication")).contains("master_link_status:up")));
    }

    public boolean healthy() {
        return nodes.stream().filter(n -> ProcessHandle.of(n.pid()).map(ProcessHandle::isAlive).orElse(false))
                .allMatch(n -> "ok".equals(clusterState(n)));
    }

    private static Node startNode(Path dir) {
        for (int attempt = 1; ; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (!free(port) || !free(port + 10_000)) {
                continue; // the cluster bus listens on port + 10000
            }
            try {
                Files.createDirectories(dir);
                RedisServer server = RedisServer.newRedisServer()
                        .port(port)
                        .bind("127.0.0.1")
                        .setting("dir " + dir.toAbsolutePath())
                        .setting("pidfile " + dir.toAbsolutePath().resolve("redis.pid"))
                        .setting("cluster-enabled yes")
                        .setting("cluster-config-file nodes.conf")
                        .setting("cluster-node-timeout " + NODE_TIMEOUT.toMillis())
                        .setting("appendonly yes")
                        .setting("appendfsync everysec")
                        .setting("notify-keyspace-events Ex")
                        .setting("hz 100")
                        .setting("save \"\"")
                        .onShutdownForceStop(true)
                        .build();
                server.start();
                return new Node(port, dir, server);
            } catch (IOException e) {
                if (attempt >= 5) {
                    throw new UncheckedIOException("Could not start a cluster node in " + dir, e);
                }
            }
        }
    }

    private void form() {
        Node first = nodes.get(0);
        for (Node node : nodes.subList(1, nodes.size())) {
            run(first, c -> c.clusterMeet("127.0.0.1", node.port()));
        }
        int perMaster = SlotHash.SLOT_COUNT / MASTERS;
        for (int m = 0; m < MASTERS; m++) {
            int from = m * perMaster;
            int to = m == MASTERS - 1 ? SlotHash.SLOT_COUNT : from + perMaster;
            int[] slots = IntStream.range(from, to).toArray();
            run(nodes.get(m), c -> c.clusterAddSlots(slots));
        }
        await("every node knows every other", n -> run(n, c -> c.clusterNodes()).lines().count() == nodes.size()
                && !run(n, c -> c.clusterNodes()).contains("handshake"));
        for (int r = 0; r < MASTERS; r++) {
            String masterId = run(nodes.get(r), c -> c.clusterMyId());
            run(nodes.get(MASTERS + r), c -> c.clusterReplicate(masterId));
        }
        await("cluster_state:ok and replicas in sync", n -> "ok".equals(clusterState(n)) && replicaInSync(n));
    }

    private boolean replicaInSync(Node node) {
        if (nodes.indexOf(node) < MASTERS) {
            return true;
        }
        String info = run(node, c -> c.info("replication"));
        return info.contains("role:slave") && info.contains("master_link_status:up");
    }

    private void await(String what, Predicate<Node> condition) {
        Instant deadline = Instant.now().plus(FORMING);
        Predicate<Node> answered = n -> {
            try {
                return condition.test(n);
            } catch (RuntimeException e) {
                return false; // not answering yet
            }
        };
        while (!nodes.stream().allMatch(answered)) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Redis Cluster not formed within " + FORMING + ": " + what);
            }
            sleep(100);
        }
    }

    private static String clusterState(Node node) {
        String info = run(node, c -> c.clusterInfo());
        return info == null ? "down" : info.lines().filter(l -> l.startsWith("cluster_state:"))
                .map(l -> l.substring("cluster_state:".length()).trim()).findFirst().orElse("");
    }

    private static boolean servesSlot(String nodesLine, int slot) {
        String[] fields = nodesLine.split(" ");
        for (int i = 8; i < fields.length; i++) {
            String range = fields[i];
            if (range.startsWith("[")) {
                continue; // a slot being migrated
            }
            String[] ends = range.split("-");
            int from = Integer.parseInt(ends[0]);
            int to = ends.length > 1 ? Integer.parseInt(ends[1]) : from;
            if (slot >= from && slot <= to) {
                return true;
            }
        }
        return false;
    }

    /** One command on one node over a short-lived connection; null when the node does not answer. */
    private static <T> T run(Node node, java.util.function.Function<RedisCommands<String, String>, T> command) {
        RedisClient client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(node.port())
                .withTimeout(Duration.ofSeconds(2)).build());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return command.apply(connection.sync());
        } catch (RuntimeException e) {
            return null;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void stop(Node node) {
        try {
            node.server().stop();
        } catch (IOException | RuntimeException e) {
            // stopping a killed node: its process is gone already
        }
    }

    @Override
    public void close() {
        nodes.forEach(LocalRedisCluster::stop);
    }
}
