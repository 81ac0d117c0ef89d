package dev.flashsale.infra.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How bearer tokens are validated. {@code secret} (HS256, at least 32 bytes) or {@code jwkSetUri}
 * must be set in production; standalone mode generates a random secret per data directory.
 *
 * @param secret     shared HS256 secret
 * @param jwkSetUri  JWK set of an identity provider (takes precedence over the secret)
 * @param issuer     issuer written into dev tokens, and required in tokens from the JWK set
 * @param audience   when set, tokens from the JWK set must name it in {@code aud}
 * @param devTokenTtl lifetime of tokens minted by {@code POST /dev/tokens}
 */
@ConfigurationProperties("flashsale.security.jwt")
public record JwtProperties(String secret, String jwkSetUri, String issuer, String audience, Duration devTokenTtl) {
    public JwtProperties {
        issuer = issuer == null ? "flash-sale" : issuer;
        devTokenTtl = devTokenTtl == null ? Duration.ofHours(12) : devTokenTtl;
    }
}
