package dev.flashsale.infra;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import tools.jackson.databind.JsonNode;

/**
 * A seeded, property-based style generator of requests for the operations of an OpenAPI document:
 * each request is a pure function of its seed (so a failing one can be replayed), values follow the
 * documented types often enough to get past parsing and are mutated the rest of the time (wrong
 * types, huge numbers, missing and unknown fields, deep nesting, unicode, empty and broken bodies,
 * odd content types and tokens). Written here rather than taken from jqwik: it needs no test
 * engine of its own next to JUnit's, and the replay is one seed. No shrinking.
 */
final class OpenApiInputs {

    /** One documented operation: {@code path} is the template, {@code body} the request body's schema or null. */
    record Operation(String method, String path, List<Param> params, JsonNode body) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    record Param(String name, String in, JsonNode schema) {
    }

    record Request(String method, String uri, Map<String, String> headers, String body) {

        @Override
        public String toString() {
            String shown = body == null ? "" : " body " + (body.length() > 200 ? body.substring(0, 200) + "... ("
                    + body.length() + " chars)" : body);
            return method + " " + uri + " " + headers + shown;
        }
    }

    /** Who asks: the identities a request may carry. */
    record Callers(List<String> shopperTokens, String adminToken) {
    }

    private static final String[] ODD_IDS = {"-1", "0", "9223372036854775807", "9223372036854775808",
            "99999999999999999999999", "1e3", "0x10", "+1", " 1", "1.5", "NaN", "null", "undefined", "１２",
            "%00", "..", ".", "a:b", "{id}", "' OR 1=1 --", "<script>", "ö", "😀", "\u202e1", "x".repeat(300)};
    private static final String[] BODY_TYPES = {"application/json", "application/json", "application/json",
            "text/plain", "application/xml", "application/json; charset=utf-16", "application/x-www-form-urlencoded",
            "multipart/form-data", "a/b/c", "*/*", "application/problem+json"};
    private static final String[] WRONG_METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"};

    private final JsonNode doc;
    private final long saleId;
    private final Callers callers;

    OpenApiInputs(JsonNode doc, long saleId, Callers callers) {
        this.doc = doc;
        this.saleId = saleId;
        this.callers = callers;
    }

    /**
     * Every operation of the document but streams (an SSE answer never ends; its status and headers
     * are checked by the stream tests).
     */
    static List<Operation> operations(JsonNode doc) {
        List<Operation> operations = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> method : path.getValue().properties()) {
                JsonNode op = method.getValue();
                if (!op.isObject() || op.path("responses").toString().contains("text/event-stream")) {
                    continue;
                }
                List<Param> params = new ArrayList<>();
                for (JsonNode p : op.path("parameters")) {
                    params.add(new Param(p.path("name").asString(), p.path("in").asString(), p.path("schema")));
                }
                JsonNode content = op.path("requestBody").path("content");
                JsonNode body = content.isObject() && content.size() > 0 ? content.properties().iterator().next().getValue().path("schema") : null;
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), params, body));
            }
        }
        return operations;
    }

    Request request(Operation op, Random r, List<String> knownHoldIds) {
        String method = r.nextInt(25) == 0 ? WRONG_METHODS[r.nextInt(WRONG_METHODS.length)] : op.method();
        String path = op.path();
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Param p : op.params()) {
            switch (p.in()) {
                case "path" -> path = path.replace("{" + p.name() + "}", encode(pathValue(r, p, knownHoldIds)));
                case "query" -> {
                    if (r.nextInt(4) != 0) {
                        query.append(query.isEmpty() ? "?" : "&").append(encode(p.name())).append('=')
                                .append(encode(queryValue(r, p.schema())));
                    }
                }
                case "header" -> {
                    if (r.nextInt(3) != 0) {
                        headers.put(p.name(), headerValue(r));
                    }
                }
                default -> {
                }
            }
        }
        // template variables the document does not declare as parameters
        while (path.contains("{")) {
            path = path.replaceFirst("\\{[^}]*}", encode(oneOf(r, ODD_IDS)));
        }
        if (r.nextInt(6) == 0) {
            query.append(query.isEmpty() ? "?" : "&").append(encode(word(r))).append('=').append(encode(anyString(r)));
        }
        identity(op, method, r, headers);
        if (r.nextInt(8) == 0) {
            headers.put("Accept", oneOf(r, "text/html", "application/xml", "*/*", "application/json", "x/y;q=oops"));
        }
        if (r.nextInt(10) == 0) {
            headers.put("X-Forwarded-For", oneOf(r, "not-an-ip", "1.2.3.4, ::1, zz", "999.1.1.1", ""));
        }
        String body = null;
        if (op.body() != null || r.nextInt(8) == 0) {
            body = r.nextInt(10) == 0 ? null : body(r, op.body());
            if (body != null && r.nextInt(8) != 0) {
                headers.put("Content-Type", oneOf(r, BODY_TYPES));
            }
        }
        return new Request(method, path + query, headers, body);
    }

    /**
     * None, a shopper, a broken or foreign-looking token; ADMIN only for reads (an admin write with
     * a valid body would legitimately change what the test checks, and start jobs).
     */
    private void identity(Operation op, String method, Random r, Map<String, String> headers) {
        int pick = r.nextInt(10);
        String shopper = callers.shopperTokens().get(r.nextInt(callers.shopperTokens().size()));
        if (pick == 0 && method.equals("GET")) {
            headers.put("Authorization", "Bearer " + callers.adminToken());
        } else if (pick <= 5) {
            headers.put("Authorization", "Bearer " + shopper);
        } else if (pick == 6) {
            headers.put("Authorization", "Bearer " + tamper(r, shopper));
        } else if (pick == 7) {
            headers.put("Authorization", oneOf(r, "Bearer", "Bearer ", "Basic Zm9vOmJhcg==", "bearer x.y.z",
                    "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4Iiwicm9sZXMiOlsiQURNSU4iXX0.", "Bearer " + "a".repeat(5000)));
        }
    }

    private String pathValue(Random r, Param p, List<String> knownHoldIds) {
        return switch (r.nextInt(7)) {
            case 0, 1 -> String.valueOf(saleId);
            case 2 -> knownHoldIds.isEmpty() ? saleId + "-" + hex(r) : knownHoldIds.get(r.nextInt(knownHoldIds.size()));
            case 3 -> saleId + "-" + (r.nextBoolean() ? hex(r) : anyString(r));
            case 4 -> String.valueOf(r.nextInt(3) == 0 ? r.nextLong() : r.nextInt(3_000) - 10);
            case 5 -> p.schema().has("enum") ? enumValue(r, p.schema()) : oneOf(r, ODD_IDS);
            default -> oneOf(r, ODD_IDS);
        };
    }

    private String queryValue(Random r, JsonNode schema) {
        JsonNode s = resolve(schema);
        if (r.nextBoolean()) {
            return switch (s.path("type").asString("")) {
                case "integer" -> String.valueOf(r.nextInt(200) - 5);
                case "number" -> String.valueOf(r.nextDouble() * 100);
                case "boolean" -> String.valueOf(r.nextBoolean());
                default -> s.has("enum") ? enumValue(r, s) : "date-time".equals(s.path("format").asString("")) ? instant(r) : word(r);
            };
        }
        return r.nextBoolean() ? oneOf(r, ODD_IDS) : anyString(r);
    }

    private static String headerValue(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> word(r);
            case 1 -> "x".repeat(r.nextInt(300));
            case 2 -> oneOf(r, "", " ", "a:b", "ключ", "k\u00e9y", "../../", "*", "null");
            default -> visibleAscii(r, 1 + r.nextInt(120));
        };
    }

    /** A body from the schema, mutated most of the time, or no JSON at all. */
    private String body(Random r, JsonNode schema) {
        return switch (r.nextInt(12)) {
            case 0 -> oneOf(r, "", " ", "{", "}", "[]", "null", "\"x\"", "0", "true", "{}", "{} x", "<a/>", "\u0000");
            case 1 -> "[".repeat(3_000) + "]".repeat(3_000);
            case 2 -> "{\"a\":".repeat(1_500) + "1" + "}".repeat(1_500);
            case 3 -> "{\"x\":\"" + "y".repeat(300_000) + "\"}";
            case 4 -> anyString(r);
            default -> schema == null ? value(r, null, 0) : value(r, schema, 0);
        };
    }

    private String value(Random r, JsonNode schema, int depth) {
        if (schema == null || r.nextInt(5) == 0 || depth > 6) {
            return oddValue(r, depth);
        }
        JsonNode s = resolve(schema);
        if (s.has("enum") && r.nextInt(4) != 0) {
            return quote(enumValue(r, s));
        }
        String type = s.path("type").asString(s.has("properties") ? "object" : "");
        return switch (type) {
            case "integer" -> String.valueOf(r.nextInt(4) == 0 ? r.nextLong() : r.nextInt(25) - 3);
            case "number" -> String.valueOf(r.nextInt(4) == 0 ? r.nextDouble() * 1e12 : r.nextInt(20_000));
            case "boolean" -> String.valueOf(r.nextBoolean());
            case "string" -> quote("date-time".equals(s.path("format").asString("")) ? instant(r) : r.nextBoolean() ? word(r) : anyString(r));
            case "array" -> {
                StringBuilder b = new StringBuilder("[");
                for (int i = r.nextInt(4); i > 0; i--) {
                    b.append(value(r, s.path("items"), depth + 1)).append(i > 1 ? "," : "");
                }
                yield b.append(']').toString();
            }
            case "object" -> object(r, s, depth);
            default -> oddValue(r, depth);
        };
    }

    /** Each documented field most of the time, sometimes an unknown one or a duplicate. */
    private String object(Random r, JsonNode s, int depth) {
        List<String> fields = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> properties = s.path("properties").properties().iterator();
        while (properties.hasNext()) {
            Map.Entry<String, JsonNode> property = properties.next();
            if (r.nextInt(6) != 0) {
                fields.add(quote(property.getKey()) + ":" + value(r, property.getValue(), depth + 1));
            }
        }
        if (r.nextInt(6) == 0) {
            fields.add(quote(r.nextBoolean() ? word(r) : anyString(r)) + ":" + oddValue(r, depth + 1));
        }
        if (r.nextInt(10) == 0 && !fields.isEmpty()) {
            fields.add(fields.get(0));
        }
        java.util.Collections.shuffle(fields, r);
        return "{" + String.join(",", fields) + "}";
    }

    private static String oddValue(Random r, int depth) {
        return switch (r.nextInt(14)) {
            case 0 -> "null";
            case 1 -> oneOf(r, "1e308", "-1e308", "1e400", "99999999999999999999999", "-9223372036854775809", "2147483648",
                    "-0", "0.0000001", "1.5");
            case 2 -> "\"\"";
            case 3 -> quote("x".repeat(20_000));
            case 4 -> quote(anyString(r));
            case 5 -> oneOf(r, "true", "false");
            case 6 -> "[]";
            case 7 -> "{}";
            case 8 -> "[".repeat(600) + "]".repeat(600);
            case 9 -> quote(String.valueOf(r.nextInt(100)));
            case 10 -> "\"\\ud800\"";
            case 11 -> depth < 4 ? "[" + oddValue(r, depth + 1) + "," + oddValue(r, depth + 1) + "]" : "0";
            case 12 -> quote(instant(r));
            default -> String.valueOf(r.nextInt(21) - 10);
        };
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 10 && s.has("$ref"); i++) {
            String ref = s.path("$ref").asString();
            s = doc.path("components").path("schemas").path(ref.substring(ref.lastIndexOf('/') + 1));
        }
        if (s.has("allOf") || s.has("oneOf") || s.has("anyOf")) {
            JsonNode options = s.has("allOf") ? s.path("allOf") : s.has("oneOf") ? s.path("oneOf") : s.path("anyOf");
            return options.isEmpty() ? s : resolve(options.get(0));
        }
        return s;
    }

    private static String enumValue(Random r, JsonNode s) {
        JsonNode values = s.path("enum");
        String v = values.get(r.nextInt(values.size())).asString();
        return r.nextInt(6) == 0 ? v.toLowerCase() : v;
    }

    private static String instant(Random r) {
        return r.nextInt(5) == 0 ? oneOf(r, "2026-13-45T99:00:00Z", "yesterday", "0000-01-01T00:00:00Z", "+1000000000-12-31T23:59:59Z")
                : Instant.now().plusSeconds(r.nextInt(200_000) - 100_000).toString();
    }

    private static String word(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = 1 + r.nextInt(12); i > 0; i--) {
            b.append((char) ('a' + r.nextInt(26)));
        }
        return b.toString();
    }

    /** Any characters: latin, hangul, emoji, controls, right-to-left marks. */
    private static String anyString(Random r) {
        StringBuilder b = new StringBuilder();
        for (int i = r.nextInt(40); i > 0; i--) {
            switch (r.nextInt(5)) {
                case 0 -> b.append((char) r.nextInt(0x80));
                case 1 -> b.append((char) (0xAC00 + r.nextInt(11_172)));
                case 2 -> b.appendCodePoint(0x1F600 + r.nextInt(80));
                case 3 -> b.append((char) r.nextInt(0x20));
                default -> b.append(oneOf(r, "\u202e", "\u200b", "\uFEFF", "'", "\"", "\\", "/", "%", "{", "}"));
            }
        }
        return b.toString();
    }

    private static String visibleAscii(Random r, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append((char) (0x21 + r.nextInt(0x5E)));
        }
        return b.toString();
    }

    private static String hex(Random r) {
        return Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
    }

    private static String tamper(Random r, String token) {
        char[] chars = token.toCharArray();
        int i = r.nextInt(chars.length);
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new String(chars);
    }

    /** A JSON string literal, escaped as JSON requires (unpaired surrogates pass through as they are). */
    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @SafeVarargs
    private static <T> T oneOf(Random r, T... options) {
        return options[r.nextInt(options.length)];
    }
}
