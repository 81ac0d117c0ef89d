package dev.flashsale.payment;

import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param secrets   HMAC secret per marketplace ({@code coupang}, {@code kurly}); a marketplace without
 *                  one has every webhook refused with 401
 * @param tolerance how far a webhook's timestamp may be from our clock (replays of old deliveries fail)
 */
@ConfigurationProperties("flashsale.webhooks")
record WebhookProperties(Map<String, String> secrets, @DefaultValue("5m") Duration tolerance) {

    WebhookProperties {
        secrets = secrets == null ? Map.of() : secrets;
    }

    /** The secret, or null when none (or a blank one, e.g. from an unset env var) is configured. */
    String secretFor(Marketplaces marketplace) {
        String secret = secrets.get(marketplace.name().toLowerCase());
        return secret == null || secret.isBlank() ? null : secret;
    }
}
