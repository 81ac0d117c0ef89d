package dev.flashsale.infra.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Finds the HS256 key: the configured secret, or in standalone mode a random one kept in the data
 * directory, so tokens survive a restart on the same data but no two installations share a key.
 * A configured secret that anyone could guess (a placeholder from a sample file, a repeated word)
 * would let anyone mint ADMIN tokens, so such secrets stop the start-up instead.
 */
final class JwtSecretResolver {

    private static final int MIN_BYTES = 32;
    /** Entropy estimated from character frequencies: a random base64 or hex secret is far above both. */
    private static final double MIN_BITS_PER_CHAR = 3.0;
    private static final double MIN_BITS = 128;
    private static final List<String> PLACEHOLDERS = List.of("change-me", "changeme", "change_me", "replace-me",
            "replaceme", "your-secret", "yoursecret", "placeholder", "example", "default", "secret-secret", "password");

    private JwtSecretResolver() {
    }

    static byte[] resolve(String configured, boolean standalone, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return checked(configured);
        }
        if (!standalone) {
            throw new IllegalStateException(
                    "Set flashsale.security.jwt.secret or flashsale.security.jwt.jwk-set-uri (no default outside standalone mode)");
        }
        return readOrCreate(dataDir.resolve("jwt-secret"));
    }

    static byte[] checked(String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < MIN_BYTES) {
            throw refused("must be at least 32 bytes for HS256");
        }
        String lower = secret.toLowerCase(Locale.ROOT);
        for (String placeholder : PLACEHOLDERS) {
            if (lower.contains(placeholder)) {
                throw refused("contains the placeholder '" + placeholder + "'");
            }
        }
        double bitsPerChar = bitsPerChar(secret);
        if (bitsPerChar < MIN_BITS_PER_CHAR || bitsPerChar * secret.length() < MIN_BITS) {
            throw refused("looks guessable (%.1f bits per character, %.0f in all; need %.0f and %.0f)"
                    .formatted(bitsPerChar, bitsPerChar * secret.length(), MIN_BITS_PER_CHAR, MIN_BITS));
        }
        return key;
    }

    /** Shannon entropy of the secret's own character distribution: low for repeats and words like "aaaa…". */
    private static double bitsPerChar(String secret) {
        int[] counts = secret.chars().collect(() -> new int[Character.MAX_VALUE + 1], (c, ch) -> c[ch]++, (a, b) -> {
        });
        double bits = 0;
        for (int count : counts) {
            if (count > 0) {
                double p = (double) count / secret.length();
                bits -= p * Math.log(p) / Math.log(2);
            }
        }
        return bits;
    }

    private static IllegalStateException refused(String why) {
        return new IllegalStateException("flashsale.security.jwt.secret " + why
                + ": anyone who guesses it can mint ADMIN tokens. Generate one, e.g. `openssl rand -base64 48`.");
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
