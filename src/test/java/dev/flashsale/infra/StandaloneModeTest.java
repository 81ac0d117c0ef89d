package dev.flashsale.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.FlashSaleApplication;
import tools.jackson.databind.JsonNode;

/**
 * Runs the application the way a newcomer does, with nothing configured: it must start its own
 * Redis and Postgres in the data directory, seed the demo, mint dev tokens, and keep everything
 * (data and the token secret) across a restart on the same directory.
 */
class StandaloneModeTest {

    @TempDir
    Path dataDir;

    @Test
    void startsEmbeddedServersSeedsDemoAndKeepsDataAcrossRestart() {
        String token;
        long productId;
        try (ConfigurableApplicationContext app = start()) {
            WebTestClient client = client(app);
            JsonNode sales = waitForDemoSales(client);
            assertThat(sales.size()).isGreaterThanOrEqualTo(1);
            assertThat(sales.findValuesAsString("status")).contains("ON_SALE");

            token = client.post().uri("/dev/tokens").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("userId", "admin1", "roles", new String[] {"ADMIN"})).exchange()
                    .expectStatus().isOk().expectBody(JsonNode.class).returnResult().getResponseBody()
                    .get("token").asString();
            productId = client.post().uri("/admin/api/products").headers(h -> h.setBearerAuth(token))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("name", "재시작 확인 상품", "category", "테스트", "originalPrice", 1_000))
                    .exchange().expectStatus().isCreated().expectBody(JsonNode.class).returnResult()
                    .getResponseBody().get("id").asLong();
        }
        assertThat(Files.exists(dataDir.resolve("redis/appendonly.aof"))
                || Files.exists(dataDir.resolve("redis/appendonlydir"))).as("Redis AOF written").isTrue();

        try (ConfigurableApplicationContext app = start()) {
            WebTestClient client = client(app);
            client.get().uri("/admin/api/products/{id}", productId).headers(h -> h.setBearerAuth(token)).exchange()
                    .expectStatus().isOk().expectBody().jsonPath("$.name").isEqualTo("재시작 확인 상품");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(FlashSaleApplication.class)
                .run("--server.port=0", "--flashsale.data-dir=" + dataDir);
    }

    private static WebTestClient client(ConfigurableApplicationContext app) {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private static JsonNode waitForDemoSales(WebTestClient client) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode sales;
        do {
            sales = client.get().uri("/api/sales").exchange().expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody();
        } while (sales.isEmpty() && System.nanoTime() < deadline && sleep());
        return sales;
    }

    private static boolean sleep() {
        try {
            Thread.sleep(200);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
