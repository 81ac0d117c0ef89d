package dev.flashsale.marketplace.coupang;

import java.time.Duration;

import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.marketplace.MarketplaceException;
import dev.flashsale.marketplace.MarketplaceException.Reason;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Maps Coupang's HTTP status and {@code {rCode, rMessage, data}} envelope to data or a typed error, in one place. */
final class CoupangResponses {

    private CoupangResponses() {
    }

    static JsonNode data(JsonMapper json, int status, String retryAfter, String body) {
        JsonNode envelope = parse(json, body);
        String code = envelope == null ? null : envelope.path("rCode").asString(null);
        String message = envelope == null ? abbreviate(body) : envelope.path("rMessage").asString("");
        if (status == 429 || "429".equals(code)) {
            throw error(Reason.RATE_LIMITED, code, message, retryAfter(retryAfter));
        }
        if (status >= 500) {
            throw error(Reason.UNAVAILABLE, code != null ? code : String.valueOf(status), message, null);
        }
        if (envelope == null || code == null) {
            throw error(Reason.MALFORMED, String.valueOf(status), "not a {rCode, rMessage, data} envelope: " + message,
                    null);
        }
        if (status == 401 || "401".equals(code)) {
            throw error(Reason.UNAUTHORIZED, code, message, null);
        }
        // Coupang also answers 403 once a partner's daily or hourly quota is spent.
        if (status == 403 || "403".equals(code)) {
            throw error(Reason.FORBIDDEN, code, message, null);
        }
        if (status >= 400 || !"0".equals(code)) {
            throw error(Reason.BAD_REQUEST, code, message, null);
        }
        JsonNode data = envelope.path("data");
        if (data.isMissingNode() || data.isNull()) {
            throw error(Reason.MALFORMED, code, "success without data", null);
        }
        return data;
    }

    private static JsonNode parse(JsonMapper json, String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode node = json.readTree(body);
            return node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Long.parseLong(header.trim()));
        } catch (NumberFormatException e) {
            return null; // an HTTP date; the breaker's open time covers it
        }
    }

    private static MarketplaceException error(Reason reason, String code, String message, Duration retryAfter) {
        return new MarketplaceException(Marketplace.COUPANG, reason, code, message, retryAfter);
    }

    private static String abbreviate(String body) {
        String text = body == null ? "" : body.strip();
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
