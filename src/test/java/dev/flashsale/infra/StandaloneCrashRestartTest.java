package dev.flashsale.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.flashsale.FlashSaleApplication;

/**
 * A newcomer's JVM is killed without warning (kill -9, an IDE stop, the OOM killer) and leaves its
 * embedded Redis and Postgres running. The next start on the same data directory must stop them
 * and come up cleanly, with the data of the first run, instead of waiting for Postgres and failing,
 * or running a second Redis on the same AOF. The service runs as a child JVM so it can really die.
 */
class StandaloneCrashRestartTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(150);

    @TempDir
    Path dataDir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Process> children = new ArrayList<>();

    @Test
    void aServiceKilledWithoutWarningStartsAgainOnTheSameDirectory() throws Exception {
        Service first = start("first");
        String token = first.call("POST", "/dev/tokens", null, "{\"userId\":\"crash-admin\",\"roles\":[\"ADMIN\"]}").body();
        token = token.replaceAll(".*\"token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        HttpResponse<String> created = first.call("POST", "/admin/api/products", token,
                "{\"name\":\"kill -9 survivor\",\"category\":\"test\",\"originalPrice\":1000}");
        assertThat(created.statusCode()).isEqualTo(201);
        String productId = created.body().replaceAll("^\\{\"id\":(\\d+).*", "$1");
        long redisPid = pidIn(dataDir.resolve("redis/redis.pid")).orElseThrow();
        long postgresPid = pidIn(dataDir.resolve("postgres/postmaster.pid")).orElseThrow();

        first.process.destroyForcibly().waitFor();
        assertThat(alive(redisPid)).as("the killed JVM's Redis outlives it").isTrue();
        assertThat(alive(postgresPid)).as("the killed JVM's Postgres outlives it").isTrue();

        Service second = start("second");
        assertThat(alive(redisPid)).as("orphaned Redis stopped before a new one uses its AOF").isFalse();
        assertThat(alive(postgresPid)).as("orphaned Postgres stopped").isFalse();
        HttpResponse<String> product = second.call("GET", "/admin/api/products/" + productId, token, null);
        assertThat(product.statusCode()).isEqualTo(200);
        assertThat(product.body()).contains("kill -9 survivor");

        second.process.destroy(); // SIGTERM: a normal stop, which stops the servers too
        second.process.waitFor();
    }

    @AfterEach
    void killEverythingLeft() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly().waitFor();
        }
        for (Path pidFile : List.of(dataDir.resolve("redis/redis.pid"), dataDir.resolve("postgres/postmaster.pid"))) {
            pidIn(pidFile).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private record Service(Process process, int port, HttpClient http) {
        HttpResponse<String> call(String method, String path, String token, String json) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(30))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private Service start(String name) throws Exception {
        int port = freePort();
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = dataDir.resolveSibling(dataDir.getFileName() + "-" + name + ".log");
        Process process = new ProcessBuilder(java, "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), FlashSaleApplication.class.getName(),
                "--server.port=" + port, "--flashsale.data-dir=" + dataDir)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(process);
        Service service = new Service(process, port, http);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("The " + name + " start exited with " + process.exitValue() + ":\n" + tail(log));
            }
            try {
                if (service.call("GET", "/actuator/health/readiness", null, null).statusCode() == 200) {
                    return service;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("The " + name + " start was not ready within " + START_TIMEOUT + ":\n" + tail(log));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Optional<Long> pidIn(Path pidFile) {
        try {
            return Files.readAllLines(pidFile).stream().findFirst().map(String::trim).map(Long::parseLong);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
