package dev.flashsale.mcp;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Validates tool arguments by hand. The JSON schema we publish tells a well-behaved assistant what
 * to send; this is what protects us from one that does not (models do send "12" or 12.5 or -1).
 */
final class ToolArguments {

    private final Map<String, Object> args;

    private ToolArguments(Map<String, Object> args) {
        this.args = args == null ? Map.of() : args;
    }

    static ToolArguments of(Map<String, Object> args, Set<String> allowed) {
        ToolArguments a = new ToolArguments(args);
        a.args.keySet().stream().filter(k -> !allowed.contains(k)).findFirst().ifPresent(k -> {
            throw new InvalidToolArgument("unknown argument '" + k + "'; allowed: " + allowed);
        });
        return a;
    }

    long requiredId(String name) {
        return optionalLong(name, 1, Long.MAX_VALUE)
                .orElseThrow(() -> new InvalidToolArgument("'" + name + "' is required (a positive integer)"));
    }

    Optional<Integer> optionalInt(String name, int min, int max) {
        return optionalLong(name, min, max).map(Long::intValue);
    }

    Optional<String> optionalEnum(String name, Set<String> values) {
        Object value = args.get(name);
        if (value == null) {
            return Optional.empty();
        }
        if (!(value instanceof String s) || !values.contains(s)) {
            throw new InvalidToolArgument("'" + name + "' must be one of " + values);
        }
        return Optional.of(s);
    }

    String requiredString(String name, int maxLength) {
        Object value = args.get(name);
        if (!(value instanceof String s) || s.isBlank() || s.length() > maxLength) {
            throw new InvalidToolArgument("'" + name + "' is required: a non-blank string of at most " + maxLength
                    + " characters");
        }
        return s.strip();
    }

    private Optional<Long> optionalLong(String name, long min, long max) {
        Object value = args.get(name);
        if (value == null) {
            return Optional.empty();
        }
        long n;
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            n = ((Number) value).longValue();
        } else if (value instanceof Number d && d.doubleValue() == Math.rint(d.doubleValue())
                && Math.abs(d.doubleValue()) < 1e15) {
            n = d.longValue();
        } else {
            throw new InvalidToolArgument("'" + name + "' must be an integer");
        }
        if (n < min || n > max) {
            throw new InvalidToolArgument("'" + name + "' must be between " + min + " and " + max);
        }
        return Optional.of(n);
    }
}
