package dev.flashsale.infra.security;

import java.time.Instant;
import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Mints tokens so a newcomer or a load test can call the API without an identity provider.
 * Compiled only into the standalone build ({@code src/standalone}; a {@code -Dproduction} jar has no
 * such class), and even there active only in standalone mode (embedded servers): elsewhere 404.
 */
@RestController
@ConditionalOnProperty(name = "flashsale.standalone", havingValue = "true")
class DevTokenController {

    private final NimbusJwtEncoder encoder;
    private final JwtProperties props;

    DevTokenController(JwtKey key, JwtProperties props) {
        this.encoder = NimbusJwtEncoder.withSecretKey(key.secretKey()).build();
        this.props = props;
    }

    record TokenRequest(@NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9_.@-]+") String userId,
            List<@Pattern(regexp = "[A-Z_]{1,32}") String> roles) {
    }

    record TokenResponse(String token, Instant expiresAt) {
    }

    @Operation(summary = "Mint a bearer token (standalone mode only)")
    @PostMapping("/dev/tokens")
    TokenResponse mint(@Valid @RequestBody TokenRequest request) {
        Instant now = Instant.now();
        Instant expiresAt = now.plus(props.devTokenTtl());
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(props.issuer())
                .subject(request.userId())
                .issuedAt(now)
                .expiresAt(expiresAt)
                .claim(Roles.CLAIM, request.roles() == null ? List.of() : request.roles())
                .build();
        String token = encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
        return new TokenResponse(token, expiresAt);
    }
}
