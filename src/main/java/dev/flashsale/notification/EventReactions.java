package dev.flashsale.notification;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Mono;

/**
 * What each sale event means for the shopper it names (fields as the scripts write them):
 * {@code CONFIRMED} is PAYMENT_CONFIRMED; {@code HELD} schedules the hold's reminder;
 * {@code OFFERED} is OFFER; {@code OFFER_ENDED} with {@code reason=EXPIRED} is OFFER_EXPIRED
 * (a claimed, declined or ended offer needs no word). Other events concern nobody.
 */
@Component
class EventReactions {

    private final Notifier notifier;
    private final Reminders reminders;
    private final NotificationProperties props;
    private final Clock clock;

    EventReactions(Notifier notifier, Reminders reminders, NotificationProperties props, Clock clock) {
        this.notifier = notifier;
        this.reminders = reminders;
        this.props = props;
        this.clock = clock;
    }

    /** Completes once whatever the event causes is durable (stored, or the reminder scheduled). */
    Mono<Void> on(long saleId, String entryId, Map<String, String> event) {
        String type = String.valueOf(event.get("type"));
        return switch (type) {
            case "CONFIRMED" -> notify(saleId, entryId, event, NotificationType.PAYMENT_CONFIRMED, null);
            case "OFFERED" -> notify(saleId, entryId, event, NotificationType.OFFER, millis(event.get("deadline")));
            case "OFFER_ENDED" -> "EXPIRED".equals(event.get("reason"))
                    ? notify(saleId, entryId, event, NotificationType.OFFER_EXPIRED, null) : Mono.empty();
            case "HELD" -> reminders.schedule(saleId, event.get("hold"),
                    millis(event.get("deadline")).minus(props.remindBefore()));
            default -> Mono.empty();
        };
    }

    private Mono<Void> notify(long saleId, String entryId, Map<String, String> event, NotificationType type, Instant deadline) {
        int quantity = event.get("qty") == null ? 1 : Integer.parseInt(event.get("qty"));
        // no shopper named: a malformed entry (NullPointerException), skipped by the feed rather than retried
        String shopper = java.util.Objects.requireNonNull(event.get("user"), "user");
        return notifier.notify(new NewNotification(NewNotification.eventSource(saleId, entryId), shopper, type,
                saleId, event.get("hold"), type.title(), type.message(quantity, props.remindBefore()), deadline,
                clock.instant()));
    }

    /** A reminder for a hold still HELD: sent once, whoever runs it. */
    Mono<Void> remind(long saleId, String holdId, String shopper, Instant deadline) {
        Duration left = props.remindBefore();
        return notifier.notify(new NewNotification(NewNotification.reminderSource(saleId, holdId), shopper,
                NotificationType.HOLD_EXPIRING, saleId, holdId, NotificationType.HOLD_EXPIRING.title(),
                NotificationType.HOLD_EXPIRING.message(1, left), deadline, clock.instant()));
    }

    private static Instant millis(String value) {
        return Instant.ofEpochMilli(Long.parseLong(value));
    }
}
