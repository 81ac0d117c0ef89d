package dev.flashsale.support;

import java.util.Arrays;

import dev.flashsale.reservation.EngineCommands;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;

/**
 * A test's own Lettuce connection to the test Redis: a single server's client, or the cluster
 * client when the tests run on a Redis Cluster ({@link TestServers#clustered()}), behind the
 * command interfaces both share, so that fixtures work unchanged on either.
 */
public final class TestRedis implements AutoCloseable {

    private final AbstractRedisClient client;
    private final StatefulConnection<String, String> connection;
    private final RedisClusterReactiveCommands<String, String> reactive;
    private final RedisClusterCommands<String, String> sync;

    private TestRedis(RedisClient client) {
        var single = client.connect(StringCodec.UTF8);
        this.client = client;
        this.connection = single;
        this.reactive = single.reactive();
        this.sync = single.sync();
    }

    private TestRedis(RedisClusterClient client) {
        var clustered = client.connect(StringCodec.UTF8);
        this.client = client;
        this.connection = clustered;
        this.reactive = clustered.reactive();
        this.sync = clustered.sync();
    }

    /** To the suite's Redis, single or clustered. */
    public static TestRedis connect() {
        TestServers.Endpoints servers = TestServers.get();
        if (servers.redisClusterNodes() == null) {
            return connect(RedisURI.create(servers.redisHost(), servers.redisPort()));
        }
        return new TestRedis(RedisClusterClient.create(Arrays.stream(servers.redisClusterNodes().split(","))
                .map(node -> RedisURI.create("redis://" + node)).toList()));
    }

    /** To one single Redis server (a test's own). */
    public static TestRedis connect(RedisURI uri) {
        return new TestRedis(RedisClient.create(uri));
    }

    public RedisClusterReactiveCommands<String, String> reactive() {
        return reactive;
    }

    /** The engine's view of this connection: on a cluster, WAIT goes to the master that wrote the key. */
    public EngineCommands engineCommands() {
        return new EngineCommands() {
            @Override
            public RedisClusterReactiveCommands<String, String> commands() {
                return reactive;
            }

            @Override
            public Mono<RedisClusterReactiveCommands<String, String>> nodeWriting(String key) {
                return connection instanceof StatefulRedisClusterConnection<String, String> cluster
                        ? EngineCommands.masterWriting(cluster, key) : Mono.just(reactive);
            }
        };
    }

    public RedisClusterCommands<String, String> sync() {
        return sync;
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
