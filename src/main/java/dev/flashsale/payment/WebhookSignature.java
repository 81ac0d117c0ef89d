package dev.flashsale.payment;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import dev.flashsale.infra.security.Hmac;

/**
 * Webhook authentication: {@code X-Signature: sha256=<hex HMAC-SHA256(secret, timestamp + "." + body)>}
 * with {@code X-Timestamp} in epoch seconds. Signing the timestamp with the body, and refusing
 * timestamps outside the tolerance, stops a captured delivery from being replayed later.
 */
final class WebhookSignature {

    static final String SIGNATURE_HEADER = "X-Signature";
    static final String TIMESTAMP_HEADER = "X-Timestamp";

    private WebhookSignature() {
    }

    static String sign(String secret, String timestamp, String body) {
        return Hmac.signature(secret, timestamp, body);
    }

    static boolean valid(String secret, String timestamp, String signature, String body, Instant now, Duration tolerance) {
        if (secret == null || timestamp == null || signature == null || !timestamp.matches("\\d{1,12}")) {
            return false;
        }
        Instant sent = Instant.ofEpochSecond(Long.parseLong(timestamp));
        if (Duration.between(sent, now).abs().compareTo(tolerance) > 0) {
            return false;
        }
        byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.UTF_8));
    }

    static String sha256(String body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
