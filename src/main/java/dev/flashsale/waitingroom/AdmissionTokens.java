package dev.flashsale.waitingroom;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.stereotype.Component;

import dev.flashsale.infra.security.JwtKey;

/**
 * Admission tokens: HS256 JWTs (Spring Security's Nimbus encoder) with audience {@code sale:{id}},
 * subject the shopper, expiry the admission's deadline and the admission's unique id as {@code jti}.
 * Signed with a key derived from the service's JWT secret (HMAC-SHA256 of a fixed label under it),
 * not the secret itself: so an admission token is never accepted as a bearer token, and a bearer
 * token never as an admission. Where bearer tokens come from a JWK set there is no secret to derive
 * from, and {@code flashsale.waiting-room.token-secret} is the key.
 */
@Component
class AdmissionTokens {

    private static final String LABEL = "flashsale admission tokens v1";

    private final NimbusJwtEncoder encoder;
    private final NimbusJwtDecoder decoder;

    AdmissionTokens(JwtKey appKey, WaitingRoomProperties props) {
        SecretKey key = key(appKey, props.tokenSecret());
        if (key == null) {
            encoder = null;
            decoder = null;
            return;
        }
        encoder = NimbusJwtEncoder.withSecretKey(key).build();
        decoder = NimbusJwtDecoder.withSecretKey(key).macAlgorithm(MacAlgorithm.HS256).build();
        // no clock skew: the admission's deadline is exact (and Redis checks it again on use)
        decoder.setJwtValidator(new JwtTimestampValidator(Duration.ZERO));
    }

    boolean available() {
        return encoder != null;
    }

    String mint(long saleId, String shopper, String jti, Instant issuedAt, Instant expiresAt) {
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(shopper).audience(List.of(audience(saleId))).id(jti)
                .issuedAt(issuedAt).expiresAt(expiresAt).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims)).getTokenValue();
    }

    /**
     * The token's {@code jti} when it is an unexpired admission token for this sale and this shopper;
     * null for anything else (bad signature, expired, another sale's, another shopper's, not a JWT).
     */
    String verifiedJti(String token, long saleId, String shopper) {
        if (decoder == null || token == null || token.isBlank()) {
            return null;
        }
        try {
            Jwt jwt = decoder.decode(token);
            boolean ours = jwt.getAudience() != null && jwt.getAudience().contains(audience(saleId))
                    && shopper.equals(jwt.getSubject()) && jwt.getId() != null;
            return ours ? jwt.getId() : null;
        } catch (JwtException e) {
            return null;
        }
    }

    static String audience(long saleId) {
        return "sale:" + saleId;
    }

    private static SecretKey key(JwtKey appKey, String tokenSecret) {
        if (tokenSecret != null && !tokenSecret.isBlank()) {
            byte[] bytes = tokenSecret.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < 32) {
                throw new IllegalStateException("flashsale.waiting-room.token-secret must be at least 32 bytes");
            }
            return new SecretKeySpec(bytes, "HmacSHA256");
        }
        if (appKey == null || appKey.secretKey() == null) {
            return null;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(appKey.secretKey());
            return new SecretKeySpec(mac.doFinal(LABEL.getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
