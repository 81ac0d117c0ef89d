package dev.flashsale.mcp;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON-schema snippets for tool inputs. */
final class Schemas {

    private Schemas() {
    }

    static Map<String, Object> object(Map<String, Object> properties, List<String> required) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", "object");
        schema.put("properties", properties);
        schema.put("required", required);
        schema.put("additionalProperties", false);
        return schema;
    }

    static Map<String, Object> integer(String description, long min, long max) {
        return Map.of("type", "integer", "minimum", min, "maximum", max, "description", description);
    }

    static Map<String, Object> string(String description, int maxLength) {
        return Map.of("type", "string", "minLength", 1, "maxLength", maxLength, "description", description);
    }

    static Map<String, Object> oneOf(String description, List<String> values) {
        return Map.of("type", "string", "enum", values, "description", description);
    }

    static Map<String, Object> saleId() {
        return integer("Id of the sale, as listed by list_sales", 1, Long.MAX_VALUE);
    }
}
