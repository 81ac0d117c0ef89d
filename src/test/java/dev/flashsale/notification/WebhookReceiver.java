package dev.flashsale.notification;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The outside party of the webhook channel: a plain JDK HTTP server on 127.0.0.1 that checks each
 * delivery's signature itself (its own HMAC code, not the service's) and answers by shopper:
 * {@code always-fail-*} gets 500 every time, {@code flaky-*} gets 500 for the first two attempts of
 * a notification, everyone else 204.
 */
final class WebhookReceiver {

    static final String SECRET = "notification-webhook-test-secret";

    /** One POST as received; {@code signatureValid} is the receiver's own check. */
    record Delivery(long notificationId, String shopper, String type, boolean signatureValid, int status) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final JsonMapper json = JsonMapper.builder().build();

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/hook", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    List<Delivery> deliveriesOf(long notificationId) {
        return deliveries.stream().filter(d -> d.notificationId() == notificationId).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String timestamp = exchange.getRequestHeaders().getFirst("X-Timestamp");
        String signature = exchange.getRequestHeaders().getFirst("X-Signature");
        boolean valid = timestamp != null && ("sha256=" + hmac(timestamp + "." + body)).equals(signature);
        JsonNode payload = json.readTree(body);
        String shopper = payload.get("shopper").asString();
        long id = payload.get("notification").get("id").asLong();
        long earlier = deliveriesOf(id).size();
        int status = shopper.startsWith("always-fail-") || (shopper.startsWith("flaky-") && earlier < 2) ? 500 : 204;
        deliveries.add(new Delivery(id, shopper, payload.get("notification").get("type").asString(), valid, status));
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    private static String hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
