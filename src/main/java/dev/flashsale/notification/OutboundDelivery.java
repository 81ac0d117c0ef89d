package dev.flashsale.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.lifecycle.BackgroundTask;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Hands stored notifications to the outbound channel, on every instance: each pass takes the due
 * ones from Postgres under a lease (another instance skips them), sends them, and records the
 * outcome: sent, retried after a backoff, or after {@code max-attempts} a dead letter (listed at
 * {@code /admin/api/notifications/dead-letters}). The state lives in Postgres, so retries survive a
 * restart; an instance that dies mid-send leaves the lease to run out and the notification due again.
 */
@Component
class OutboundDelivery extends BackgroundTask {

    /** How long a taken notification is left to its taker: far above any send's timeout. */
    static final Duration LEASE = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(OutboundDelivery.class);
    private static final int CONCURRENCY = 8;

    private final OutboundQueue queue;
    private final NotificationChannel channel;
    private final NotificationMetrics metrics;
    private final NotificationProperties.Outbound props;
    private final Clock clock;

    OutboundDelivery(OutboundQueue queue, NotificationChannel channel, NotificationMetrics metrics,
            NotificationProperties props, Clock clock) {
        this.queue = queue;
        this.channel = channel;
        this.metrics = metrics;
        this.props = props.outbound();
        this.clock = clock;
    }

    /** Sends what is due now; returns how many were attempted. */
    Mono<Long> deliverDue() {
        Instant now = clock.instant();
        return queue.take(now, now.plus(LEASE), props.batchSize())
                .flatMap(this::attempt, CONCURRENCY)
                .count();
    }

    private Mono<Void> attempt(OutboundQueue.Due due) {
        NotificationView n = due.notification().view();
        int attempts = due.attempts() + 1;
        return channel.send(due.notification().shopper(), n)
                .then(Mono.just(Optional.<Throwable>empty()))
                .onErrorResume(e -> Mono.just(Optional.of(e)))
                .flatMap(failure -> {
                    if (failure.isEmpty()) {
                        metrics.outbound(n.type(), "sent");
                        return queue.sent(n.id(), attempts);
                    }
                    String error = failure.get().toString();
                    if (attempts >= props.maxAttempts()) {
                        log.warn("Notification {} is a dead letter after {} attempts: {}", n.id(), attempts, error);
                        metrics.outbound(n.type(), "dead");
                        return queue.dead(n.id(), attempts, error);
                    }
                    metrics.outbound(n.type(), "retry");
                    return queue.retryAt(n.id(), attempts, clock.instant().plus(props.delayAfter(attempts)), error);
                });
    }

    @Override
    protected Disposable begin() {
        return every(props.pollInterval(), this::deliverDue, log, "Notification delivery");
    }
}
