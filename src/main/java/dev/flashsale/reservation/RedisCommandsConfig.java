package dev.flashsale.reservation;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.codec.StringCodec;

/**
 * The hot path talks to Lettuce directly (one shared, multiplexed connection: concurrent requests
 * are pipelined onto it) instead of going through RedisTemplate's per-call serialisation.
 * Works unchanged against a single Redis or a Redis Cluster, using Spring Boot's client settings.
 */
@Configuration(proxyBeanMethods = false)
class RedisCommandsConfig {

    /** Commands against the engine's keys; closed with the context. */
    record EngineConnection(StatefulConnection<String, String> connection,
            RedisClusterReactiveCommands<String, String> commands) implements AutoCloseable {
        @Override
        public void close() {
            connection.close();
        }
    }

    @Bean(destroyMethod = "close")
    EngineConnection engineConnection(LettuceConnectionFactory factory) {
        AbstractRedisClient client = factory.getRequiredNativeClient();
        if (client instanceof RedisClusterClient cluster) {
            var connection = cluster.connect(StringCodec.UTF8);
            return new EngineConnection(connection, connection.reactive());
        }
        var connection = ((RedisClient) client).connect(StringCodec.UTF8);
        return new EngineConnection(connection, connection.reactive());
    }
}
