package dev.flashsale.infra.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** Start-up refuses settings that would let someone else mint or reuse tokens. */
class JwtSettingsTest {

    private static final Path NO_DATA_DIR = Path.of("/nonexistent");

    @Test
    void placeholderSecretsFromSampleFilesStopTheStartUp() {
        for (String placeholder : new String[] {"change-me-change-me-change-me-change-me",
                "please-replace-me-with-a-real-key-0123456789", "example-secret-for-the-flash-sale-service"}) {
            assertThatThrownBy(() -> JwtSecretResolver.resolve(placeholder, false, NO_DATA_DIR))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("placeholder");
        }
    }

    @Test
    void lowEntropySecretsStopTheStartUp() {
        for (String guessable : new String[] {"a".repeat(64), "abcd".repeat(16), "0123456789012345678901234567890123"}) {
            assertThatThrownBy(() -> JwtSecretResolver.resolve(guessable, false, NO_DATA_DIR))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("guessable");
        }
    }

    @Test
    void shortSecretsStopTheStartUp() {
        assertThatThrownBy(() -> JwtSecretResolver.resolve("Zq8#kL2!vR9$", false, NO_DATA_DIR))
                .hasMessageContaining("at least 32 bytes");
    }

    @Test
    void generatedSecretsAreAccepted() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 100; i++) {
            byte[] bytes = new byte[48];
            random.nextBytes(bytes);
            String base64 = Base64.getEncoder().encodeToString(bytes);   // openssl rand -base64 48
            String hex = HexFormat.of().formatHex(bytes, 0, 32);        // openssl rand -hex 32
            assertThat(JwtSecretResolver.resolve(base64, false, NO_DATA_DIR)).hasSize(base64.length());
            assertThat(JwtSecretResolver.resolve(hex, false, NO_DATA_DIR)).hasSize(64);
        }
    }

    @Test
    void aJwkSetWithoutAnAudienceStopsTheStartUp() {
        JwtProperties props = new JwtProperties(null, "https://idp.example.com/jwks", "https://idp.example.com", " ", null);
        assertThatThrownBy(() -> new SecurityConfig().jwtDecoder(props, new JwtKey(null)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audience is required");
    }
}
