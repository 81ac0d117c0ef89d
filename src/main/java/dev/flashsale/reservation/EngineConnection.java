package dev.flashsale.reservation;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.stereotype.Component;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;

/**
 * The hot path talks to Lettuce directly (one shared, multiplexed connection: concurrent requests
 * are pipelined onto it) instead of going through RedisTemplate's per-call serialisation. Works
 * unchanged against a single Redis or a Redis Cluster, with Spring Boot's client settings.
 * It follows the lifecycle of Spring's connection factory, whose client it borrows: a stopped
 * factory (graceful shutdown, a paused test context) shuts that client down, so this connection
 * is closed with it and opened again on start.
 */
@Component
class EngineConnection implements EngineCommands, SmartLifecycle {

    private final LettuceConnectionFactory factory;
    private volatile StatefulConnection<String, String> connection;
    private volatile RedisClusterReactiveCommands<String, String> commands;

    EngineConnection(LettuceConnectionFactory factory) {
        this.factory = factory;
    }

    @Override
    public RedisClusterReactiveCommands<String, String> commands() {
        RedisClusterReactiveCommands<String, String> current = commands;
        if (current == null) {
            throw new IllegalStateException("Redis engine connection is not started");
        }
        return current;
    }

    @Override
    public Mono<RedisClusterReactiveCommands<String, String>> nodeWriting(String key) {
        if (!(connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
            return Mono.fromSupplier(this::commands);
        }
        return EngineCommands.masterWriting(cluster, key);
    }

    @Override
    public synchronized void start() {
        if (connection != null) {
            return;
        }
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (client instanceof RedisClusterClient cluster) {
            var clusterConnection = cluster.connect(StringCodec.UTF8);
            connection = clusterConnection;
            commands = clusterConnection.reactive();
        } else {
            var single = ((RedisClient) client).connect(StringCodec.UTF8);
            connection = single;
            commands = single.reactive();
        }
    }

    @Override
    public synchronized void stop() {
        if (connection != null) {
            connection.close();
            connection = null;
            commands = null;
        }
    }

    @Override
    public boolean isRunning() {
        return connection != null;
    }
}
