package dev.flashsale.reservation;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.SlotHash;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import reactor.core.publisher.Mono;

/** The Redis commands the engine runs on; the connection behind them may be replaced (see EngineConnection). */
@FunctionalInterface
public interface EngineCommands {

    RedisClusterReactiveCommands<String, String> commands();

    /**
     * Commands on the connection that writes {@code key}: on a single Redis the one connection; on a
     * Redis Cluster the connection to the master serving its slot, the same one the slot's scripts
     * ran on, which is what {@code WAIT} needs (it waits for this connection's own last write).
     */
    default Mono<RedisClusterReactiveCommands<String, String>> nodeWriting(String key) {
        return Mono.just(commands());
    }

    /** {@link #nodeWriting} on a Redis Cluster connection. */
    static Mono<RedisClusterReactiveCommands<String, String>> masterWriting(
            StatefulRedisClusterConnection<String, String> cluster, String key) {
        RedisClusterNode master = cluster.getPartitions().getMasterBySlot(SlotHash.getSlot(key));
        if (master == null) {
            return Mono.error(new IllegalStateException("No Redis Cluster master serves the slot of " + key));
        }
        // by host and port, as the slot's commands are routed (a node id would give another connection)
        return Mono.fromFuture(() -> cluster.getConnectionAsync(master.getUri().getHost(), master.getUri().getPort()))
                .map(StatefulRedisConnection::reactive);
    }
}
