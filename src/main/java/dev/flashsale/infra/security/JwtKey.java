package dev.flashsale.infra.security;

import javax.crypto.SecretKey;

/** The HS256 key tokens are signed with; null when an external JWK set validates tokens. */
public record JwtKey(SecretKey secretKey) {
}
