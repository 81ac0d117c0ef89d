package dev.flashsale.reservation;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.RedisClusterPubSubAdapter;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Expired-key events of a Redis Cluster. Keyspace notifications are node-local: a master publishes the
 * expiries of its own slots to its own subscribers only. So this subscribes on every node, replicas
 * included (a replica publishes nothing until it is promoted, and then it is already covered), and
 * switches the notification flags on there. Every node is covered at start and again on every
 * topology change (a failover, a node added) and reconnection; every {@link #RECHECK} nodes not yet
 * covered are tried again. Covering a covered node again is one CONFIG GET and a no-op SUBSCRIBE.
 */
final class ClusterExpiredKeys {

    /** A cluster has database 0 only. */
    static final String CHANNEL = "__keyevent@0__:expired";
    private static final Logger log = LoggerFactory.getLogger(ClusterExpiredKeys.class);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration RECHECK = Duration.ofSeconds(10);

    private final RedisClusterClient client;
    private final StatefulRedisClusterPubSubConnection<String, String> pubsub;
    private final StatefulRedisClusterConnection<String, String> admin;
    private final Set<String> covered = ConcurrentHashMap.newKeySet();

    private ClusterExpiredKeys(RedisClusterClient client) {
        this.client = client;
        this.pubsub = client.connectPubSub(StringCodec.UTF8);
        this.pubsub.setNodeMessagePropagation(true); // deliver what node connections receive to our listener
        this.admin = client.connect(StringCodec.UTF8);
    }

    /** The names of expired keys, from every node, while subscribed; connections closed on cancel. */
    static Flux<String> expiredKeys(RedisClusterClient client) {
        return Flux.using(() -> new ClusterExpiredKeys(client),
                        keys -> Flux.merge(keys.messages(), keys.keepCovered().then(Mono.empty())),
                        ClusterExpiredKeys::close)
                .subscribeOn(Schedulers.boundedElastic()); // connecting blocks
    }

    private Flux<String> messages() {
        return Flux.create(sink -> {
            var listener = new RedisClusterPubSubAdapter<String, String>() {
                @Override
                public void message(RedisClusterNode node, String channel, String message) {
                    if (CHANNEL.equals(channel)) {
                        sink.next(message);
                    }
                }
            };
            pubsub.addListener(listener);
            sink.onDispose(() -> pubsub.removeListener(listener));
        });
    }

    private Flux<Long> keepCovered() {
        Flux<Boolean> changes = client.getResources().eventBus().get()
                .filter(e -> e instanceof ClusterTopologyChangedEvent || e instanceof ConnectionActivatedEvent)
                .map(e -> true);
        return Flux.merge(Flux.just(true), changes, Flux.interval(RECHECK).map(tick -> false))
                .onBackpressureLatest()
                .concatMap(this::coverAll, 1);
    }

    /**
     * Covers every live node ({@code everyNode}), or only those not covered yet: like the single-node
     * listener, flags switched off by hand stay off until the next reconnection or topology change.
     */
    private Mono<Long> coverAll(boolean everyNode) {
        return Flux.fromIterable(client.getPartitions())
                .filter(node -> !node.is(RedisClusterNode.NodeFlag.FAIL) && !node.is(RedisClusterNode.NodeFlag.NOADDR))
                .filter(node -> everyNode || !covered.contains(node.getNodeId()))
                .flatMap(this::cover)
                .count();
    }

    private Mono<Boolean> cover(RedisClusterNode node) {
        String name = node.getUri().getHost() + ":" + node.getUri().getPort();
        return Mono.fromFuture(() -> admin.getConnectionAsync(node.getNodeId()))
                .flatMap(connection -> KeyspaceNotifications.enableExpired(connection.reactive(), name))
                .then(Mono.fromFuture(() -> pubsub.getConnectionAsync(node.getNodeId())))
                .flatMap(connection -> connection.reactive().subscribe(CHANNEL))
                .timeout(NODE_TIMEOUT)
                .doOnSuccess(done -> {
                    if (covered.add(node.getNodeId())) {
                        log.info("Expired-key listener subscribed on cluster node {}", name);
                    }
                })
                .thenReturn(true)
                .onErrorResume(e -> {
                    log.debug("Expired-key listener could not cover cluster node {} yet: {}", name, e.toString());
                    return Mono.just(false);
                });
    }

    private void close() {
        pubsub.closeAsync();
        admin.closeAsync();
    }
}
