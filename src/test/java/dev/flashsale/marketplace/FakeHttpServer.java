package dev.flashsale.marketplace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A tiny scripted HTTP server on 127.0.0.1 standing in for a marketplace: answers queued replies
 * in order (then the fallback), records every request, and can hold a reply until released.
 */
public final class FakeHttpServer implements AutoCloseable {

    public record Recorded(String method, String path, String rawQuery, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .findFirst().map(e -> e.getValue().get(0)).orElse(null);
        }
    }

    public record Reply(int status, String body, Map<String, String> headers, CountDownLatch holdUntil) {
        public static Reply json(int status, String body) {
            return new Reply(status, body, Map.of(), null);
        }

        public Reply withHeader(String name, String value) {
            return new Reply(status, body, Map.of(name, value), holdUntil);
        }

        public Reply heldUntil(CountDownLatch latch) {
            return new Reply(status, body, headers, latch);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Reply> replies = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Recorded> requests = new LinkedBlockingQueue<>();
    private volatile Function<Recorded, Reply> fallback = r -> Reply.json(500, "{\"rCode\":\"500\",\"rMessage\":\"no reply scripted\"}");

    public FakeHttpServer() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-marketplace");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public FakeHttpServer enqueue(Reply reply) {
        replies.add(reply);
        return this;
    }

    public void otherwise(Function<Recorded, Reply> reply) {
        this.fallback = reply;
    }

    public void reset() {
        replies.clear();
        requests.clear();
    }

    /** The next request received, waiting for it generously. */
    public Recorded takeRequest() {
        try {
            Recorded r = requests.poll(30, TimeUnit.SECONDS);
            if (r == null) {
                throw new AssertionError("no request reached the fake server");
            }
            return r;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public int requestCount() {
        return requests.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        Recorded recorded = new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        requests.add(recorded);
        Reply reply = replies.poll();
        if (reply == null) {
            reply = fallback.apply(recorded);
        }
        if (reply.holdUntil() != null) {
            try {
                reply.holdUntil().await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        reply.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        try {
            exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                exchange.getResponseBody().write(body);
            }
        } catch (IOException e) {
            // the client gave up (timeout test); nothing to answer
        } finally {
            exchange.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
