package dev.flashsale.reservation;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reservation ids name their sale ({@code 42-9f1c...}) so a lookup goes straight to the sale's
 * keys without a global index; the random part is unguessable (128 bits).
 */
final class HoldId {

    /** One generator per thread: a shared SecureRandom serialises every reserve on its lock. */
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private static final java.util.regex.Pattern RANDOM_PART = java.util.regex.Pattern.compile("[0-9a-f]{32}");

    private HoldId() {
    }

    static String next(long saleId) {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        return saleId + "-" + HexFormat.of().formatHex(bytes);
    }

    /** The sale id of a well-formed reservation id; empty for anything else (answered 404). */
    static Optional<Long> saleOf(String id) {
        int dash = id == null ? -1 : id.indexOf('-');
        if (dash <= 0 || id.length() != dash + 33 || !RANDOM_PART.matcher(id).region(dash + 1, id.length()).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(id.substring(0, dash)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
