package dev.flashsale.sourcing;

import java.util.ArrayList;
import java.util.List;

import io.modelcontextprotocol.spec.McpSchema;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads products out of a tool result. Servers differ: structured content or JSON text; a bare
 * list or one under {@code products}, {@code items}, {@code results} or Coupang's
 * {@code data.productData}; and field names ({@code productName}/{@code name}/{@code title}, ...).
 * Entries without a name or a positive price are dropped rather than guessed.
 */
final class ExternalProductParser {

    private final JsonMapper json;

    ExternalProductParser(JsonMapper json) {
        this.json = json;
    }

    List<ExternalProduct> parse(String source, McpSchema.CallToolResult result) {
        JsonNode payload = payload(result);
        List<ExternalProduct> products = new ArrayList<>();
        for (JsonNode item : items(payload)) {
            String name = text(item, "productName", "name", "title");
            long price = number(item, "productPrice", "salePrice", "price");
            if (name == null || price <= 0) {
                continue;
            }
            long original = number(item, "originalPrice", "listPrice", "basePrice");
            products.add(new ExternalProduct(source, text(item, "productId", "id", "goodsNo"), name.strip(), price,
                    original > 0 ? original : null, text(item, "productUrl", "url", "link"),
                    text(item, "productImage", "imageUrl", "image"), text(item, "categoryName", "category")));
        }
        return products;
    }

    private JsonNode payload(McpSchema.CallToolResult result) {
        if (result.structuredContent() != null) {
            return json.valueToTree(result.structuredContent());
        }
        for (McpSchema.Content content : result.content()) {
            if (content instanceof McpSchema.TextContent text) {
                try {
                    return json.readTree(text.text());
                } catch (JacksonException e) {
                    throw new IllegalArgumentException("tool answered text that is not JSON");
                }
            }
        }
        throw new IllegalArgumentException("tool answered no JSON content");
    }

    private static JsonNode items(JsonNode payload) {
        if (payload.isArray()) {
            return payload;
        }
        for (String field : new String[] {"products", "items", "results", "productData"}) {
            if (payload.path(field).isArray()) {
                return payload.path(field);
            }
        }
        JsonNode data = payload.path("data");
        return data.isArray() ? data : data.path("productData");
    }

    private static String text(JsonNode item, String... names) {
        for (String name : names) {
            JsonNode v = item.path(name);
            if (!v.isMissingNode() && !v.isNull() && !v.asString("").isBlank()) {
                return v.asString();
            }
        }
        return null;
    }

    /** Prices arrive as numbers or as strings like "12,900"; anything else counts as absent. */
    private static long number(JsonNode item, String... names) {
        for (String name : names) {
            JsonNode v = item.path(name);
            if (v.isNumber()) {
                return v.asLong();
            }
            if (v.isString()) {
                String digits = v.asString().replaceAll("[,\\s원₩]", "");
                if (digits.matches("[0-9]{1,12}")) {
                    return Long.parseLong(digits);
                }
            }
        }
        return 0;
    }
}
