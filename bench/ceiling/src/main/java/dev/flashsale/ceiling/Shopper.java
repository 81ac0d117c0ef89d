package dev.flashsale.ceiling;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The shopper id of a request: the {@code sub} claim of its bearer JWT, read by base64url-decoding
 * the payload WITHOUT checking the signature, issuer or expiry. The ceiling measures the stack
 * without security; the benchmark sends it the same tokens (minted by the product) it sends the
 * product, so both see identical requests.
 */
final class Shopper {

    private Shopper() {
    }

    /** The {@code sub} of {@code Authorization: Bearer <jwt>}, or null when there is none. */
    static String of(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        int first = authorization.indexOf('.');
        int second = authorization.indexOf('.', first + 1);
        if (first < 0 || second < 0) {
            return null;
        }
        String payload;
        try {
            payload = new String(Base64.getUrlDecoder().decode(authorization.substring(first + 1, second)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int claim = payload.indexOf("\"sub\"");
        int open = claim < 0 ? -1 : payload.indexOf('"', payload.indexOf(':', claim) + 1);
        int close = open < 0 ? -1 : payload.indexOf('"', open + 1);
        return close < 0 ? null : payload.substring(open + 1, close);
    }
}
