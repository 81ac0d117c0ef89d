package dev.flashsale.infra.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Finds the HS256 key: the configured secret, or in standalone mode a random one kept in the data
 * directory, so tokens survive a restart on the same data but no two installations share a key.
 */
final class JwtSecretResolver {

    private static final int MIN_BYTES = 32;

    private JwtSecretResolver() {
    }

    static byte[] resolve(String configured, boolean standalone, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            byte[] key = configured.getBytes(StandardCharsets.UTF_8);
            if (key.length < MIN_BYTES) {
                throw new IllegalStateException("flashsale.security.jwt.secret must be at least 32 bytes for HS256");
            }
            return key;
        }
        if (!standalone) {
            throw new IllegalStateException(
                    "Set flashsale.security.jwt.secret or flashsale.security.jwt.jwk-set-uri (no default outside standalone mode)");
        }
        return readOrCreate(dataDir.resolve("jwt-secret"));
    }

    private static byte[] readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            byte[] key = new byte[MIN_BYTES];
            new SecureRandom().nextBytes(key);
            Files.createDirectories(file.getParent());
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create " + file, e);
        }
    }
}
