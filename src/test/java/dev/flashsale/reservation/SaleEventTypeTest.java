package dev.flashsale.reservation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The scripts and Java agree on the event types of a sale's stream: one list, {@link SaleEventType}. */
class SaleEventTypeTest {

    /** An XADD's {@code 'type', 'X'} field pair, as every script writes it. */
    private static final Pattern TYPE_FIELD = Pattern.compile("'type',\\s*'([A-Z_]+)'");

    @Test
    void everyTypeAScriptWritesIsAConstantAndEveryConstantIsWritten() throws IOException {
        Set<String> written = new TreeSet<>();
        try (Stream<Path> scripts = Files.walk(Path.of("lua"))) {
            for (Path script : scripts.filter(p -> p.toString().endsWith(".lua")).toList()) {
                Matcher m = TYPE_FIELD.matcher(Files.readString(script));
                while (m.find()) {
                    written.add(m.group(1));
                }
            }
        }
        Set<String> constants = Arrays.stream(SaleEventType.values()).map(Enum::name).collect(Collectors.toCollection(TreeSet::new));

        assertThat(written).as("types the Lua scripts write").isEqualTo(constants);
    }

    @Test
    void anUnknownTypeIsNullSoConsumersSkipIt() {
        assertThat(SaleEventType.of("HELD")).isEqualTo(SaleEventType.HELD);
        assertThat(SaleEventType.of("SOMETHING_NEWER")).isNull();
        assertThat(SaleEventType.of(null)).isNull();
    }
}
