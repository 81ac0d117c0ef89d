package dev.flashsale.notification;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live push to the shopper's open streams on whichever instance holds them: every notification is
 * published once on the Redis channel {@code nt:live}, and each instance hands it to the streams of
 * that shopper it serves. Pub/sub is fire-and-forget, so this is best effort: the list and the
 * stream's Last-Event-ID replay (both from Postgres) cover what a message lost here misses.
 */
@Component
class LiveStreams extends BackgroundTask {

    static final String CHANNEL = "nt:live";
    private static final Logger log = LoggerFactory.getLogger(LiveStreams.class);

    /** The message on the channel. */
    record Message(String shopper, NotificationView notification) {
    }

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final ConcurrentHashMap<String, Set<Sinks.Many<NotificationView>>> byShopper = new ConcurrentHashMap<>();

    LiveStreams(ReactiveStringRedisTemplate redis, JsonMapper json) {
        this.redis = redis;
        this.json = json;
    }

    /** Publishes to every instance; a failure is logged, never raised (the notification is stored already). */
    Mono<Void> publish(String shopper, NotificationView notification) {
        return Mono.fromCallable(() -> json.writeValueAsString(new Message(shopper, notification)))
                .flatMap(payload -> redis.convertAndSend(CHANNEL, payload))
                .doOnError(e -> log.warn("Live push of a notification to {} failed: {}", shopper, e.toString()))
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    /** A stream's registration: live notifications arrive on {@code flux} until it is closed. */
    record Registration(Flux<NotificationView> flux, Runnable close) {
    }

    /**
     * A shopper's live notifications on this instance from this call on, in a bounded buffer (a
     * stream that does not read is skipped, not waited for) until the registration is closed.
     */
    Registration register(String shopper) {
        Sinks.Many<NotificationView> sink = Sinks.many().unicast().onBackpressureBuffer(Queues.<NotificationView>get(256).get());
        byShopper.compute(shopper, (s, sinks) -> {
            Set<Sinks.Many<NotificationView>> set = sinks == null ? ConcurrentHashMap.newKeySet() : sinks;
            set.add(sink);
            return set;
        });
        return new Registration(sink.asFlux(), () -> byShopper.computeIfPresent(shopper, (s, sinks) -> {
            sinks.remove(sink);
            return sinks.isEmpty() ? null : sinks;
        }));
    }

    /** The shoppers with a stream open on this instance. */
    Set<String> connectedShoppers() {
        return Set.copyOf(byShopper.keySet());
    }

    /** Straight to this instance's streams of the shopper (for notices computed where the stream is). */
    void deliverLocal(String shopper, NotificationView notification) {
        Set<Sinks.Many<NotificationView>> sinks = byShopper.get(shopper);
        if (sinks != null) {
            sinks.forEach(sink -> sink.tryEmitNext(notification));
        }
    }

    private void deliver(String payload) {
        Message message;
        try {
            message = json.readValue(payload, Message.class);
        } catch (RuntimeException e) {
            log.warn("Unreadable live notification ignored: {}", e.toString());
            return;
        }
        deliverLocal(message.shopper(), message.notification());
    }

    @Override
    protected Disposable begin() {
        return redis.listenToChannel(CHANNEL)
                .doOnNext(message -> deliver(message.getMessage()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)))
                .subscribe();
    }
}
