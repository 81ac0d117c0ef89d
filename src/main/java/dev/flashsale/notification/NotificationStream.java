package dev.flashsale.notification;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.http.codec.ServerSentEvent;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.infra.web.StreamCaps;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Flux;

/**
 * One shopper's notification stream: with a Last-Event-ID, first the stored notifications after it
 * (up to {@code list-size}, oldest first), then live ones as they come, each event {@code
 * notification} with its id; a comment {@code open} as soon as live notifications are registered, and a
 * keep-alive comment every {@code heartbeat}. Live notifications are registered before the stored ones
 * are read, so none falls between the two; one that is in both is sent once. Streams are capped per shopper and per instance, as the stock streams are.
 */
@Component
class NotificationStream {

    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    private static final ServerSentEvent<NotificationView> OPEN = ServerSentEvent.<NotificationView>builder().comment("open").build();

    private final NotificationStore store;
    private final LiveStreams live;
    private final NotificationProperties props;
    private final StreamCaps caps;

    NotificationStream(NotificationStore store, LiveStreams live, NotificationProperties props, MeterRegistry registry) {
        this.store = store;
        this.live = live;
        this.props = props;
        this.caps = new StreamCaps(StreamCaps.totalOrQuarterOfHeap(props.streamMaxConnections()), props.streamMaxPerShopper());
        Gauge.builder("flashsale.notifications.streams", caps, StreamCaps::open)
                .description("Open notification streams (GET /api/me/notifications/stream) on this instance").register(registry);
    }

    /**
     * A slot for one more stream of this shopper, released by running the answer; a 503 problem with
     * Retry-After when a cap is reached.
     */
    Runnable acquire(String shopper) {
        Runnable release = caps.tryAcquire(shopper);
        if (release == null) {
            throw ApiException.retryLater(ProblemType.SERVICE_UNAVAILABLE,
                    "Too many open notification streams; try again shortly.", RETRY_AFTER);
        }
        return release;
    }

    Flux<ServerSentEvent<NotificationView>> events(String shopper, String lastEventId) {
        Long after = parse(lastEventId);
        Flux<ServerSentEvent<NotificationView>> notifications = Flux.using(() -> live.register(shopper), registration -> {
            AtomicLong newestSent = new AtomicLong(after == null ? 0 : after);
            Flux<NotificationView> missed = after == null ? Flux.empty()
                    : store.after(shopper, after, props.listSize()).doOnNext(v -> newestSent.accumulateAndGet(v.id(), Math::max));
            // a comment at once, once registered: the response (status and headers) goes out with the first
            // event, and a client waiting for it, as the sale page does, would otherwise see the stream open
            // only at the first heartbeat
            return Flux.concat(Flux.just(OPEN), missed.concatWith(registration.flux().filter(v -> v.id() == null || v.id() > newestSent.get()))
                    .map(NotificationStream::event));
        }, registration -> registration.close().run());
        Flux<ServerSentEvent<NotificationView>> heartbeat = Flux.interval(props.heartbeat())
                .map(i -> ServerSentEvent.<NotificationView>builder().comment("keep-alive").build());
        return Flux.merge(notifications, heartbeat);
    }

    private static ServerSentEvent<NotificationView> event(NotificationView view) {
        var builder = ServerSentEvent.builder(view).event("notification");
        return (view.id() == null ? builder : builder.id(String.valueOf(view.id()))).build();
    }

    /** A Last-Event-ID that is not one of our ids is ignored: the stream starts from now. */
    private static Long parse(String lastEventId) {
        if (lastEventId == null || !lastEventId.matches("\\d{1,18}")) {
            return null;
        }
        return Long.parseLong(lastEventId);
    }
}
