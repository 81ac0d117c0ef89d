package dev.flashsale.reservation;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import io.lettuce.core.api.reactive.RedisServerReactiveCommands;
import io.lettuce.core.event.EventBus;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Makes sure Redis publishes expired-key events (flags {@code E} and {@code x}), keeping other flags. */
final class KeyspaceNotifications {

    private static final Logger log = LoggerFactory.getLogger(KeyspaceNotifications.class);
    private static final String PARAMETER = "notify-keyspace-events";

    private KeyspaceNotifications() {
    }

    /**
     * Enables them now and again on every (re)connection: a Redis that restarted or failed over comes
     * back with the flags of its own configuration, which may lack ours, and the pub/sub subscription
     * is restored silently by Lettuce, so nothing else would notice.
     */
    static Flux<Boolean> keepEnabled(ReactiveStringRedisTemplate redis, EventBus events) {
        return events.get().filter(ConnectionActivatedEvent.class::isInstance).map(event -> true)
                .startWith(true)
                .onBackpressureLatest()
                .concatMap(reconnected -> enableExpired(redis), 1);
    }

    static Mono<Boolean> enableExpired(ReactiveStringRedisTemplate redis) {
        return redis.execute(connection -> connection.serverCommands().getConfig(PARAMETER)).next()
                .map(config -> current(config))
                .flatMap(flags -> {
                    String wanted = wanted(flags);
                    if (wanted == null) {
                        return Mono.just(true);
                    }
                    return redis.execute(c -> c.serverCommands().setConfig(PARAMETER, wanted)).next()
                            .doOnNext(ok -> log.info("Enabled Redis expired-key notifications ({}={})", PARAMETER, wanted))
                            .thenReturn(true);
                })
                .onErrorResume(e -> {
                    log.warn("Redis refused to enable expired-key notifications ({}); holds expire through the sweeper only",
                            e.getMessage());
                    return Mono.just(false);
                });
    }

    /** As {@link #enableExpired(ReactiveStringRedisTemplate)}, on one node of a Redis Cluster. */
    static Mono<Boolean> enableExpired(RedisServerReactiveCommands<String, String> node, String name) {
        return node.configGet(PARAMETER)
                .map(config -> config.getOrDefault(PARAMETER, ""))
                .flatMap(flags -> {
                    String wanted = wanted(flags);
                    if (wanted == null) {
                        return Mono.just(true);
                    }
                    return node.configSet(PARAMETER, wanted)
                            .doOnNext(ok -> log.info("Enabled expired-key notifications on {} ({}={})", name, PARAMETER, wanted))
                            .thenReturn(true);
                });
    }

    /** The flags to set so that expired-key events are published, or null when {@code flags} already do. */
    static String wanted(String flags) {
        if (flags.contains("E") && (flags.contains("x") || flags.contains("A"))) {
            return null;
        }
        return flags + (flags.contains("E") ? "" : "E") + (flags.contains("x") ? "" : "x");
    }

    private static String current(Properties config) {
        String value = config.getProperty(PARAMETER);
        if (value == null) {
            value = config.values().stream().findFirst().map(Object::toString).orElse("");
        }
        return value;
    }
}
