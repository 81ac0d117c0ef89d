package dev.flashsale.reservation;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;

import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * The expiry fast path: when Redis evicts a hold's shadow key it publishes an {@code expired}
 * event, and this instance runs the expire script for that hold at once. Only a hint: pub/sub
 * drops events while nobody listens and Redis evicts lazily, so {@link ExpirySweeper} remains the
 * guarantee. At start-up and on every reconnection it tries to switch the notifications on; a
 * managed Redis that refuses CONFIG leaves the sweeper working alone (logged as a warning). On a
 * Redis Cluster it listens on every node ({@link ClusterExpiredKeys}).
 */
@Component
class ExpiryListener extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(ExpiryListener.class);

    private final ReactiveStringRedisTemplate redis;
    private final StockEngine engine;
    private final ReservationMetrics metrics;
    private final ReservationProperties props;
    private final LettuceConnectionFactory factory;
    private final int database;
    private final ClientResources lettuce;
    private final ExpiryGate gate;

    ExpiryListener(ReactiveStringRedisTemplate redis, StockEngine engine, ReservationMetrics metrics,
            ReservationProperties props, LettuceConnectionFactory factory, ClientResources lettuce, ExpiryGate gate) {
        this.gate = gate;
        this.redis = redis;
        this.engine = engine;
        this.metrics = metrics;
        this.props = props;
        this.factory = factory;
        this.database = factory.getDatabase();
        this.lettuce = lettuce;
    }

    @Override
    protected Disposable begin() {
        if (!props.listenerEnabled()) {
            log.info("Expired-key listener disabled; the sweeper alone returns expired holds");
            return disabled("Expiry listener");
        }
        Disposable listener = expiredKeys()
                .mapNotNull(SaleKeys::parseShadow)
                .filter(key -> gate.open()) // held back: the sweeper expires it once the gate opens
                .flatMap(key -> engine.expire(key.saleId(), 1, "", key.holdId())
                        .doOnNext(reply -> metrics.restored(key.saleId(), reply, false))
                        .onErrorResume(e -> Mono.empty()), 64)
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(s -> log.warn("Expired-key subscription lost, resubscribing: {}", s.failure().toString())))
                .subscribe();
        return listener;
    }

    /** One subscription on a single Redis; one per node on a Redis Cluster (notifications are node-local). */
    private Flux<String> expiredKeys() {
        if (factory.getRequiredNativeClient() instanceof RedisClusterClient cluster) {
            return ClusterExpiredKeys.expiredKeys(cluster);
        }
        return Flux.merge(KeyspaceNotifications.keepEnabled(redis, lettuce.eventBus()).then(Mono.empty()),
                redis.listenToChannel("__keyevent@" + database + "__:expired").map(message -> message.getMessage()));
    }
}
