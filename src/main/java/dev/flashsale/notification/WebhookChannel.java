package dev.flashsale.notification;

import java.time.Clock;

import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.infra.security.Hmac;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * POSTs each notification as JSON {@code {"shopper", "notification": {...}}} to the configured URL,
 * signed like the marketplaces sign the webhooks we receive: {@code X-Timestamp} (epoch seconds) and
 * {@code X-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}; {@code
 * X-Notification-Id} repeats the id for deduplication. Any 2xx is success; anything else, or no
 * answer within the timeout, is a failed attempt.
 */
final class WebhookChannel implements NotificationChannel {

    static final String TIMESTAMP_HEADER = "X-Timestamp";
    static final String SIGNATURE_HEADER = "X-Signature";
    static final String ID_HEADER = "X-Notification-Id";

    private final WebClient web;
    private final NotificationProperties.Webhook settings;
    private final JsonMapper json;
    private final Clock clock;

    WebhookChannel(WebClient.Builder builder, NotificationProperties.Webhook settings, JsonMapper json, Clock clock) {
        this.web = builder.build();
        this.settings = settings;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public Mono<Void> send(String shopper, NotificationView notification) {
        return Mono.defer(() -> {
            String body = json.writeValueAsString(new LiveStreams.Message(shopper, notification));
            String timestamp = String.valueOf(clock.instant().getEpochSecond());
            return web.post().uri(settings.url())
                    .contentType(MediaType.APPLICATION_JSON)
                    .header(TIMESTAMP_HEADER, timestamp)
                    .header(SIGNATURE_HEADER, Hmac.signature(settings.secret(), timestamp, body))
                    .header(ID_HEADER, String.valueOf(notification.id()))
                    .bodyValue(body)
                    .retrieve().toBodilessEntity()
                    .timeout(settings.timeout())
                    .then();
        });
    }
}
