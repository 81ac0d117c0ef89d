package dev.flashsale.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import dev.flashsale.infra.embedded.EmbeddedPostgresServer;
import dev.flashsale.infra.embedded.EmbeddedRedisServer;
import io.lettuce.core.RedisClient;

/**
 * One real Redis and one real Postgres per test JVM, started on first use, from where
 * {@link ServerSource} says: servers you provide ({@code FLASHSALE_TEST_REDIS_HOST}/{@code _PORT},
 * {@code FLASHSALE_TEST_R2DBC_URL} with {@code _USERNAME}/{@code _PASSWORD}), containers when a Docker
 * engine answers, else the embedded binaries.
 */
public final class TestServers {

    /** {@code redisClusterNodes} is null unless the tests run on a Redis Cluster ({@link #clustered()}). */
    public record Endpoints(String redisHost, int redisPort, String r2dbcUrl, String username, String password,
            String redisClusterNodes) {
    }

    /**
     * Set by the {@code redis-cluster} Maven profile: the tests' Redis is then a local Redis Cluster
     * (three masters, three replicas: {@link LocalRedisCluster}) and the services use the cluster client.
     */
    public static final String CLUSTER_PROPERTY = "flashsale.test.redis-cluster";

    private static Endpoints endpoints;
    private static EmbeddedRedisServer redis;
    private static LocalRedisCluster cluster;
    private static EmbeddedPostgresServer postgres;
    private static Path postgresDir;
    private static int postgresPort;
    private static ContainerServers containers;

    private TestServers() {
    }

    public static synchronized Endpoints get() {
        if (endpoints == null) {
            endpoints = start();
        }
        return endpoints;
    }

    public static boolean clustered() {
        return Boolean.getBoolean(CLUSTER_PROPERTY);
    }

    /** The local Redis Cluster the tests run on; fails unless {@link #clustered()}. */
    public static synchronized LocalRedisCluster cluster() {
        get();
        if (cluster == null) {
            throw new IllegalStateException("Not running on a Redis Cluster (-P redis-cluster)");
        }
        return cluster;
    }

    /** CONFIG SET on the test Redis: on every node when it is a cluster (the setting is per node). */
    public static void setRedisConfig(String parameter, String value) {
        onEveryRedisNode(commands -> commands.configSet(parameter, value));
    }

    /** CLIENT PAUSE on the test Redis (every node of a cluster): it answers no other client until the pause ends. */
    public static void pauseRedis(java.time.Duration pause) {
        onEveryRedisNode(commands -> commands.clientPause(pause.toMillis()));
    }

    private static void onEveryRedisNode(java.util.function.Consumer<io.lettuce.core.api.sync.RedisCommands<String, String>> command) {
        Endpoints servers = get();
        List<String> nodes = servers.redisClusterNodes() == null
                ? List.of(servers.redisHost() + ":" + servers.redisPort())
                : List.of(servers.redisClusterNodes().split(","));
        for (String node : nodes) {
            RedisClient client = RedisClient.create("redis://" + node);
            try (var connection = client.connect()) {
                command.accept(connection.sync());
            } finally {
                client.shutdown();
            }
        }
    }

    /** Stops the embedded Postgres; {@link #startPostgres()} brings it back on the same port and data. */
    public static synchronized void stopPostgres() {
        if (containers != null) {
            containers.stopPostgres();
            return;
        }
        if (postgres == null) {
            throw new IllegalStateException("Postgres is external or already stopped; cannot stop it from a test");
        }
        postgresPort = postgres.port();
        postgres.close();
        postgres = null;
    }

    public static synchronized void startPostgres() {
        if (containers != null) {
            containers.startPostgres();
            return;
        }
        if (postgres == null && postgresDir != null) {
            postgres = EmbeddedPostgresServer.start(postgresDir, postgresPort);
        }
    }

    /** The embedded test Postgres's data directory and port, when this JVM started one (for {@link StreamingReplica}). */
    static synchronized java.util.Optional<EmbeddedPrimary> embeddedPostgres() {
        get();
        return postgres == null ? java.util.Optional.empty()
                : java.util.Optional.of(new EmbeddedPrimary(postgresDir, postgres.port()));
    }

    record EmbeddedPrimary(Path dataDir, int port) {
        String jdbcUrl() {
            return "jdbc:postgresql://127.0.0.1:" + port + "/" + EmbeddedPostgresServer.DATABASE;
        }
    }

    private static Endpoints start() {
        ServerSource source = ServerSource.choose(System.getenv(), ContainerServers::dockerAvailable);
        org.slf4j.LoggerFactory.getLogger(TestServers.class).info("Test servers: {} (see ServerSource)", source);
        if (source == ServerSource.TESTCONTAINERS && !clustered()) {
            containers = new ContainerServers();
            return containers.endpoints();
        }
        String r2dbc = System.getenv("FLASHSALE_TEST_R2DBC_URL");
        String redisHost = System.getenv("FLASHSALE_TEST_REDIS_HOST");
        Path dir = tempDir();
        int redisPort;
        String clusterNodes = null;
        if (clustered()) {
            cluster = LocalRedisCluster.start(dir.resolve("redis-cluster"));
            clusterNodes = cluster.seedNodes();
            redisHost = "127.0.0.1";
            redisPort = cluster.nodes().get(0).port();
            org.slf4j.LoggerFactory.getLogger(TestServers.class).info("Test Redis: a local Redis Cluster at {}", clusterNodes);
        } else if (redisHost == null) {
            redis = EmbeddedRedisServer.start(dir.resolve("redis"));
            redisHost = "127.0.0.1";
            redisPort = redis.port();
        } else {
            redisPort = Integer.parseInt(System.getenv().getOrDefault("FLASHSALE_TEST_REDIS_PORT", "6379"));
        }
        String user = System.getenv().getOrDefault("FLASHSALE_TEST_R2DBC_USERNAME", EmbeddedPostgresServer.USER);
        String password = System.getenv().getOrDefault("FLASHSALE_TEST_R2DBC_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        if (r2dbc == null) {
            postgresDir = dir.resolve("postgres");
            postgres = EmbeddedPostgresServer.start(postgresDir);
            r2dbc = postgres.r2dbcUrl();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(TestServers::stop));
        return new Endpoints(redisHost, redisPort, r2dbc, user, password, clusterNodes);
    }

    private static void stop() {
        if (redis != null) {
            redis.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("flashsale-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
