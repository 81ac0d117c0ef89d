package dev.flashsale.support;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;

import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * Base of tests that run the whole service over HTTP against the per-JVM real Redis and Postgres.
 * Tests isolate themselves by creating their own products and sales (fresh ids, so fresh Redis
 * keys) rather than wiping shared state under a context another test class may still use.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"flashsale.embedded.enabled=false", "flashsale.standalone=false", "flashsale.demo.enabled=false",
                // every test shopper comes from 127.0.0.1 and some fire hundreds of requests on purpose;
                // the rate limiter's own tests turn it on
                "flashsale.rate-limit.enabled=false"})
public abstract class IntegrationTest {

    public static final String JWT_SECRET = "Qm9vdCA0IGZsYXNoIHNhbGUgdGVzdHMgLSA3ZjNhOWMxZTJiNGQ2";
    private static final AtomicLong USERS = new AtomicLong();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestServers.Endpoints servers = TestServers.get();
        registry.add("spring.data.redis.host", servers::redisHost);
        registry.add("spring.data.redis.port", servers::redisPort);
        if (servers.redisClusterNodes() != null) {
            registry.add("spring.data.redis.cluster.nodes", servers::redisClusterNodes); // wins over host and port
        }
        registry.add("spring.r2dbc.url", servers::r2dbcUrl);
        registry.add("spring.r2dbc.username", servers::username);
        registry.add("spring.r2dbc.password", servers::password);
        registry.add("flashsale.security.jwt.secret", () -> JWT_SECRET);
    }

    /**
     * A client that opens a new connection per request: pooled keep-alive connections would outlive
     * the servers of paused or closed test contexts and could be reused against a restarted one.
     */
    protected WebTestClient client() {
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    /** A token for a fresh shopper id, so tests never share per-shopper limits. */
    protected static String newShopperToken() {
        return token("shopper-" + USERS.incrementAndGet() + "-" + System.nanoTime());
    }

    protected static String adminToken() {
        return token("admin-test", "ADMIN");
    }

    public static String token(String userId, String... roles) {
        NimbusJwtEncoder encoder = NimbusJwtEncoder
                .withSecretKey(new SecretKeySpec(JWT_SECRET.getBytes(), "HmacSHA256")).build();
        Instant now = Instant.now();
        JwtClaimsSet claims = JwtClaimsSet.builder().subject(userId).issuedAt(now)
                .expiresAt(now.plus(Duration.ofHours(1))).claim("roles", List.of(roles)).build();
        return encoder.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(), claims))
                .getTokenValue();
    }

    protected JsonNode createProduct(long originalPrice) {
        return adminPost("/admin/api/products", Map.of(
                "name", "테스트 딸기 " + System.nanoTime(), "category", "과일", "originalPrice", originalPrice,
                "coupangUrl", "https://www.coupang.com/vp/products/123", "kurlyUrl", "https://www.kurly.com/goods/456"));
    }

    protected JsonNode createSale(long productId, long salePrice, int quantity, int perUserLimit, Instant startsAt,
            Instant endsAt) {
        return adminPost("/admin/api/sales", Map.of("productId", productId, "salePrice", salePrice,
                "totalQuantity", quantity, "perUserLimit", perUserLimit, "startsAt", startsAt.toString(),
                "endsAt", endsAt.toString()));
    }

    /** A sale open right now for an hour. */
    protected long openSale(int quantity, int perUserLimit) {
        long productId = createProduct(10_000).get("id").asLong();
        Instant now = Instant.now();
        return createSale(productId, 7_000, quantity, perUserLimit, now.minusSeconds(60), now.plus(Duration.ofHours(1)))
                .get("id").asLong();
    }

    /** Live counters of a sale, and conservation: available + held + sold == total. */
    protected void assertStock(long saleId, long available, long held, long sold) {
        client().get().uri("/api/sales/{id}/stock", saleId).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.available").isEqualTo(available)
                .jsonPath("$.held").isEqualTo(held)
                .jsonPath("$.sold").isEqualTo(sold)
                .jsonPath("$.total").isEqualTo(available + held + sold);
    }

    /** A client for many requests in flight at once, over a pool of kept-alive connections. */
    protected WebClient pooledWebClient(int connections) {
        ConnectionProvider pool = ConnectionProvider.builder("test-pool").maxConnections(connections)
                .pendingAcquireMaxCount(-1).build();
        return WebClient.builder().baseUrl("http://127.0.0.1:" + port)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool).responseTimeout(Duration.ofSeconds(30))))
                .build();
    }

    protected JsonNode adminPost(String path, Object body) {
        return client().post().uri(path).headers(h -> h.setBearerAuth(adminToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isCreated()
                .expectBody(JsonNode.class).returnResult().getResponseBody();
    }
}
