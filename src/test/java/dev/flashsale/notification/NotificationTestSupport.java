package dev.flashsale.notification;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.reservation.SaleKeys;
import dev.flashsale.support.IntegrationTest;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * One context for every notification test: short holds and reminders, fast polls, three outbound
 * attempts, queued shoppers leaving after 2 s without a heartbeat, and the webhook channel pointed at {@link WebhookReceiver}, the outside party.
 */
@TestPropertySource(properties = {
        "flashsale.reservation.hold-duration=4s",
        "flashsale.notifications.remind-before=2s",
        "flashsale.notifications.remind-interval=100ms",
        "flashsale.notifications.poll-interval=50ms",
        "flashsale.notifications.claim-after=1s",
        "flashsale.notifications.heartbeat=200ms",
        "flashsale.notifications.stream-max-per-shopper=2",
        "flashsale.notifications.outbound.poll-interval=100ms",
        "flashsale.notifications.outbound.backoff=100ms",
        "flashsale.notifications.outbound.max-attempts=3",
        "flashsale.waiting-room.leave-after=2s",
        "flashsale.notifications.webhook.secret=" + WebhookReceiver.SECRET})
abstract class NotificationTestSupport extends IntegrationTest {

    static final WebhookReceiver RECEIVER = WebhookReceiver.start();
    private static final ParameterizedTypeReference<ServerSentEvent<String>> SSE = new ParameterizedTypeReference<>() {
    };

    @Autowired
    ReactiveStringRedisTemplate redis;

    private final List<Disposable> open = new ArrayList<>();

    @DynamicPropertySource
    static void webhook(DynamicPropertyRegistry registry) {
        registry.add("flashsale.notifications.webhook.url", RECEIVER::url);
    }

    @AfterEach
    void closeStreams() {
        open.forEach(Disposable::dispose);
    }

    /**
     * A sale that ended a minute ago: the feed still follows it (for a day), and the suite's later
     * tests that list every live sale (MCP list_sales shows at most 100, recommendations, per-sale
     * gauges) never see it.
     */
    long pastSale() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        return createSale(productId, 7_000, 5, 1, now.minus(Duration.ofMinutes(10)), now.minusSeconds(60)).get("id").asLong();
    }

    /** A sale open for the next two minutes only, for tests that reserve. */
    long shortSale() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        return createSale(productId, 7_000, 5, 1, now.minusSeconds(60), now.plus(Duration.ofMinutes(2))).get("id").asLong();
    }

    /** A sale the background jobs no longer follow (it ended two days ago): the test drives its feed by hand. */
    long endedSale() {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        return createSale(productId, 7_000, 5, 1, now.minus(Duration.ofDays(3)), now.minus(Duration.ofDays(2))).get("id").asLong();
    }

    /** Appends an event to the sale's stream as the scripts do; returns its entry id. */
    String xadd(long saleId, Map<String, String> fields) {
        MapRecord<String, String, String> record = StreamRecords.newRecord().in(new SaleKeys(saleId).events()).ofMap(fields);
        return redis.opsForStream().add(record).block().getValue();
    }

    String confirmed(long saleId, String shopper, String holdId) {
        return xadd(saleId, Map.of("type", "CONFIRMED", "hold", holdId, "user", shopper, "qty", "1",
                "at", String.valueOf(System.currentTimeMillis()), "payment", "order-1"));
    }

    static String holdId(long saleId) {
        return saleId + "-" + "%032x".formatted(System.nanoTime());
    }

    /** The shopper's list, newest first. */
    JsonNode list(String token) {
        return client().get().uri("/api/me/notifications").headers(h -> h.setBearerAuth(token))
                .exchange().expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody();
    }

    /** An open notification stream: every event and comment it received, in order. */
    record Stream(List<ServerSentEvent<String>> received) {

        List<ServerSentEvent<String>> notifications() {
            return received.stream().filter(e -> "notification".equals(e.event())).toList();
        }

        /** The stream's first comment: sent once it is registered for live notifications. */
        boolean opened() {
            return received.stream().anyMatch(e -> "open".equals(e.comment()));
        }
    }

    /** Opens a stream and waits for its {@code open} comment, so it is registered before the test goes on. */
    Stream openStream(String token, String lastEventId) {
        Stream stream = new Stream(new CopyOnWriteArrayList<>());
        open.add(web().get().uri("/api/me/notifications/stream").accept(MediaType.TEXT_EVENT_STREAM)
                .headers(h -> {
                    h.setBearerAuth(token);
                    if (lastEventId != null) {
                        h.set("Last-Event-ID", lastEventId);
                    }
                })
                .retrieve().bodyToFlux(SSE).subscribe(stream.received()::add, e -> { }));
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(stream::opened);
        return stream;
    }

    WebClient web() {
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port).build();
    }
}
