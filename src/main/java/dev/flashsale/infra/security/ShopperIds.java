package dev.flashsale.infra.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The token's {@code sub} is the shopper id stored in Redis keys, events and ledger rows (64
 * characters there): a token without one, or with a longer one, is refused (401) up front rather
 * than failing later inside the ledger.
 */
final class ShopperIds {

    static final int MAX_LENGTH = 64;

    static final OAuth2TokenValidator<Jwt> VALIDATOR = jwt -> {
        String subject = jwt.getSubject();
        return subject != null && !subject.isBlank() && subject.length() <= MAX_LENGTH
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
                        "sub must be 1-" + MAX_LENGTH + " characters", null));
    };

    private ShopperIds() {
    }
}
