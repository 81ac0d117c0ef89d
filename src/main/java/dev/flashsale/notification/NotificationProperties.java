package dev.flashsale.notification;

import java.net.URI;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param listSize             most notifications the list answers, and the stream replays after a Last-Event-ID
 * @param heartbeat            period of the SSE keep-alive comment (proxies close idle connections)
 * @param streamMaxConnections open notification streams one instance serves; unset: as many as fill a quarter of the
 *                             max heap ({@code StreamCaps.totalOrQuarterOfHeap}, about 32 KiB each)
 * @param streamMaxPerShopper  open notification streams per shopper (tabs, devices)
 * @param pollInterval         how often each instance reads the sale streams (consumer group {@code notification})
 * @param batchSize            most stream entries read per sale and pass
 * @param claimAfter           when entries another consumer left unacknowledged are taken over
 * @param remindBefore         how long before a hold's deadline HOLD_EXPIRING is sent
 * @param remindInterval       how often due reminders are looked for
 * @param cleanupAfter         delay after a sale's end before its reminder set is deleted
 * @param outbound             hand-off to the outbound channel
 * @param webhook              the webhook channel, used when {@code url} is set
 */
@ConfigurationProperties("flashsale.notifications")
record NotificationProperties(
        @DefaultValue("50") int listSize,
        @DefaultValue("15s") Duration heartbeat,
        Integer streamMaxConnections,
        @DefaultValue("5") int streamMaxPerShopper,
        @DefaultValue("200ms") Duration pollInterval,
        @DefaultValue("100") int batchSize,
        @DefaultValue("30s") Duration claimAfter,
        @DefaultValue("60s") Duration remindBefore,
        @DefaultValue("1s") Duration remindInterval,
        @DefaultValue("1h") Duration cleanupAfter,
        @DefaultValue Outbound outbound,
        @DefaultValue Webhook webhook) {

    NotificationProperties {
        if (listSize < 1 || batchSize < 1) {
            throw new IllegalArgumentException("flashsale.notifications.list-size and batch-size must be at least 1");
        }
        for (Duration d : new Duration[] {heartbeat, pollInterval, claimAfter, remindBefore, remindInterval}) {
            if (d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException("flashsale.notifications durations must be positive, was " + d);
            }
        }
    }

    /**
     * Attempt n (1-based) that fails is retried {@code backoff * 2^(n-1)} later, at most
     * {@code maxBackoff}; after {@code maxAttempts} the notification is a dead letter.
     */
    record Outbound(@DefaultValue("1s") Duration pollInterval, @DefaultValue("50") int batchSize,
            @DefaultValue("8") int maxAttempts, @DefaultValue("1s") Duration backoff, @DefaultValue("5m") Duration maxBackoff) {

        Outbound {
            if (maxAttempts < 1 || batchSize < 1 || backoff.isNegative() || backoff.isZero() || pollInterval.isZero()) {
                throw new IllegalArgumentException("flashsale.notifications.outbound needs max-attempts and batch-size >= 1"
                        + " and positive backoff and poll-interval");
            }
        }

        Duration delayAfter(int attempts) {
            Duration delay = backoff.multipliedBy(1L << Math.min(attempts - 1, 20));
            return delay.compareTo(maxBackoff) > 0 ? maxBackoff : delay;
        }
    }

    /** {@code timeout} must stay well under {@link OutboundDelivery#LEASE}, or a slow POST could be sent twice at once. */
    record Webhook(URI url, String secret, @DefaultValue("5s") Duration timeout) {

        Webhook {
            if (url != null && (secret == null || secret.length() < 16)) {
                throw new IllegalArgumentException(
                        "flashsale.notifications.webhook.secret (at least 16 characters) is required with webhook.url");
            }
            if (timeout.compareTo(OutboundDelivery.LEASE.dividedBy(2)) > 0) {
                throw new IllegalArgumentException("flashsale.notifications.webhook.timeout must be at most "
                        + OutboundDelivery.LEASE.dividedBy(2));
            }
        }
    }
}
