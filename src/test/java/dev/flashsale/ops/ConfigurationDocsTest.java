package dev.flashsale.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every {@code flashsale.*} property the code binds is in a property table of the docs, with its
 * default. The list comes from the metadata {@code spring-boot-configuration-processor} writes at
 * compile time (the same list IDEs complete from), so a new property without a row fails here.
 */
class ConfigurationDocsTest {

    private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");
    private static final Pattern NAME = Pattern.compile("`([^`]+)`");

    @Test
    void everyFlashsalePropertyHasARowWithItsDefault() throws IOException {
        Map<String, List<String>> rows = documentedRows();
        Map<String, String> undocumented = new TreeMap<>();
        Map<String, String> wrongDefault = new TreeMap<>();
        for (JsonNode property : JsonMapper.shared().readTree(METADATA.toFile()).get("properties")) {
            String name = property.get("name").asString();
            if (!name.startsWith("flashsale.")) {
                continue;
            }
            List<String> defaults = rows.get(name);
            if (defaults == null && rows.keySet().stream().noneMatch(n -> n.startsWith(name + "."))) {
                undocumented.put(name, property.path("sourceType").asString());
            } else if (defaults != null && property.has("defaultValue") && !mentions(defaults, property.get("defaultValue"))) {
                wrongDefault.put(name, property.get("defaultValue") + " not in " + defaults);
            }
        }
        assertThat(undocumented).as("properties without a row in a docs/*.md property table").isEmpty();
        assertThat(wrongDefault).as("properties whose row does not state the default the code has").isEmpty();
    }

    /** Property name to the default cells of its rows; {@code `.suffix`} after a name is its sibling. */
    private static Map<String, List<String>> documentedRows() throws IOException {
        Map<String, List<String>> rows = new HashMap<>();
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                for (String line : Files.readAllLines(doc)) {
                    String[] cells = line.split("\\|");
                    if (!line.startsWith("| `") || cells.length < 3) {
                        continue;
                    }
                    String previous = null;
                    Matcher m = NAME.matcher(cells[1]);
                    while (m.find()) {
                        String name = m.group(1).replaceAll("\\[[^]]*]", "");
                        if (name.startsWith(".") && previous != null) {
                            name = previous.substring(0, previous.lastIndexOf('.')) + name;
                        }
                        if (name.startsWith("flashsale.")) {
                            rows.computeIfAbsent(name, n -> new ArrayList<>()).add(cells[2]);
                            previous = name;
                        }
                    }
                }
            }
        }
        return rows;
    }

    private static boolean mentions(List<String> cells, JsonNode defaultValue) {
        String expected = defaultValue.isArray() ? String.join(",", defaultValue.valueStream().map(JsonNode::asString).toList())
                : defaultValue.asString();
        // a value in backticks equal to the default: "`30s`" states 30s, and does not state 0s
        return cells.stream().anyMatch(cell -> {
            Matcher value = NAME.matcher(cell);
            while (value.find()) {
                if (value.group(1).equalsIgnoreCase(expected)) {
                    return true;
                }
            }
            return false;
        });
    }
}
