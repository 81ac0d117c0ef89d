package dev.flashsale.recommendation.llm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for an OpenAI-compatible provider on loopback: answers {@code POST /v1/chat/completions}
 * with whatever the test says, in the provider's wire format, or never answers at all.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    public record Reply(int status, String body) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile Function<String, Reply> answer = request -> failure(500);
    private volatile String lastPath;
    private volatile String lastRequest;

    private FakeOpenAiServer(HttpServer server) {
        this.server = server;
    }

    public static FakeOpenAiServer start() {
        try {
            FakeOpenAiServer fake = new FakeOpenAiServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
            fake.server.setExecutor(Executors.newCachedThreadPool());
            fake.server.createContext("/", exchange -> {
                fake.lastPath = exchange.getRequestURI().getPath();
                fake.lastRequest = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Reply reply = fake.answer.apply(fake.lastRequest);
                if (reply == null) { // hang until the test ends
                    awaitQuietly(fake.closed);
                    exchange.close();
                    return;
                }
                byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(reply.status(), bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            fake.server.start();
            return fake;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How to answer each request (given its body); a null reply means never answer. */
    public void answer(Function<String, Reply> answer) {
        this.answer = answer;
    }

    public String lastPath() {
        return lastPath;
    }

    public String lastRequest() {
        return lastRequest;
    }

    /** Spring AI's OpenAI chat model pointed at this server, without retries. */
    public ChatModel chatModel(Duration timeout) {
        return OpenAiChatModel.builder().options(OpenAiChatOptions.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").apiKey("test-key")
                .model("test-model").timeout(timeout).maxRetries(0).temperature(0.0).build()).build();
    }

    /** A chat-completions response as OpenAI sends it, with {@code content} as the assistant's message. */
    public static Reply completion(String content) {
        return new Reply(200, JSON.writeValueAsString(Map.of("id", "chatcmpl-test", "object", "chat.completion",
                "created", Instant.now().getEpochSecond(), "model", "test-model",
                "choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                        "message", Map.of("role", "assistant", "content", content))),
                "usage", Map.of("prompt_tokens", 120, "completion_tokens", 40, "total_tokens", 160))));
    }

    public static Reply failure(int status) {
        return new Reply(status, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}");
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
