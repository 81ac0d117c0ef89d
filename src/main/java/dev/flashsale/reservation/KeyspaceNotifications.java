package dev.flashsale.reservation;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import reactor.core.publisher.Mono;

/** Makes sure Redis publishes expired-key events (flags {@code E} and {@code x}), keeping other flags. */
final class KeyspaceNotifications {

    private static final Logger log = LoggerFactory.getLogger(KeyspaceNotifications.class);
    private static final String PARAMETER = "notify-keyspace-events";

    private KeyspaceNotifications() {
    }

    static Mono<Boolean> enableExpired(ReactiveStringRedisTemplate redis) {
        return redis.execute(connection -> connection.serverCommands().getConfig(PARAMETER)).next()
                .map(config -> current(config))
                .flatMap(flags -> {
                    if (flags.contains("E") && (flags.contains("x") || flags.contains("A"))) {
                        return Mono.just(true);
                    }
                    String wanted = flags + (flags.contains("E") ? "" : "E") + (flags.contains("x") ? "" : "x");
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

    private static String current(Properties config) {
        String value = config.getProperty(PARAMETER);
        if (value == null) {
            value = config.values().stream().findFirst().map(Object::toString).orElse("");
        }
        return value;
    }
}
