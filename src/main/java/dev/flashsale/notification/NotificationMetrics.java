package dev.flashsale.notification;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * {@code flashsale.notifications{type,outcome}}: stored, duplicate (a redelivered event, not stored
 * or pushed again), dropped (a reminder for a hold that had ended). {@code
 * flashsale.notifications.outbound{type,outcome}}: sent, retry, dead (a dead letter).
 */
@Component
class NotificationMetrics {

    private final MeterRegistry registry;

    NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void made(NotificationType type, String outcome) {
        registry.counter("flashsale.notifications", "type", type.name(), "outcome", outcome).increment();
    }

    void outbound(NotificationType type, String outcome) {
        registry.counter("flashsale.notifications.outbound", "type", type.name(), "outcome", outcome).increment();
    }
}
