package dev.flashsale.marketplace.coupang;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.marketplace.FakeHttpServer;
import dev.flashsale.marketplace.FakeHttpServer.Reply;
import dev.flashsale.marketplace.MarketplaceException;
import dev.flashsale.marketplace.MarketplaceException.Reason;
import dev.flashsale.marketplace.MarketplaceProperties;
import dev.flashsale.marketplace.MutableClock;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;

class CoupangClientTest {

    static final String SEARCH_OK = """
            {"rCode":"0","rMessage":"","data":{"landingUrl":"https://link.coupang.com/re/AFFSRP?lptag=x",
             "productData":[{"rank":1,"isRocket":true,"isFreeShipping":false,"productId":7012345,
               "productImage":"https://img.coupang.com/1.jpg","productName":"설향 딸기 1kg","productPrice":12900,
               "productUrl":"https://link.coupang.com/re/AFFSDP?pageKey=7012345","keyword":"딸기","categoryName":"과일"}]}}""";

    private final FakeHttpServer server = new FakeHttpServer();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    @AfterEach
    void stop() {
        server.close();
    }

    private CoupangClient client(int maxRetries, Duration timeout, int searchesPerHour,
            MarketplaceProperties.Breaker breaker) {
        var props = new MarketplaceProperties.Coupang(URI.create(server.baseUrl()), "ak", "sk", Duration.ofMinutes(5),
                timeout, maxRetries, Duration.ofMillis(10), searchesPerHour, 100, breaker);
        return new CoupangClient(WebClient.builder(), props, JsonMapper.builder().build(), clock);
    }

    private CoupangClient client() {
        return client(1, Duration.ofSeconds(10), 1000, new MarketplaceProperties.Breaker(50, 100, 100, Duration.ofSeconds(60)));
    }

    private static void expectFailure(Mono<?> call, Reason reason) {
        StepVerifier.create(call)
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(MarketplaceException.class,
                        m -> assertThat(m.reason()).isEqualTo(reason)))
                .verify(Duration.ofSeconds(30));
    }

    @Test
    void searchReadsProductsAndSignsExactlyTheQueryItSent() {
        server.enqueue(Reply.json(200, SEARCH_OK));

        StepVerifier.create(client().search("딸기 1kg", 5))
                .assertNext(products -> assertThat(products).singleElement().satisfies(p -> {
                    assertThat(p.productId()).isEqualTo(7012345L);
                    assertThat(p.productPrice()).isEqualTo(12900L);
                    assertThat(p.productName()).isEqualTo("설향 딸기 1kg");
                    assertThat(p.rocket()).isTrue();
                }))
                .verifyComplete();

        FakeHttpServer.Recorded request = server.takeRequest();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo(CoupangClient.SEARCH_PATH);
        assertThat(request.rawQuery()).isEqualTo("keyword=%EB%94%B8%EA%B8%B0%201kg&limit=5");
        String expected = new CoupangSigner("ak", "sk", clock)
                .authorization("GET", request.path(), request.rawQuery());
        assertThat(request.header("Authorization")).isEqualTo(expected);
    }

    @Test
    void deeplinkPostsTheUrlsAndReturnsShortLinks() {
        server.enqueue(Reply.json(200, """
                {"rCode":"0","rMessage":"","data":[{"originalUrl":"https://www.coupang.com/vp/products/7012345",
                 "shortenUrl":"https://link.coupang.com/a/bcDeF","landingUrl":"https://link.coupang.com/re/AFFSDP?x=1"}]}"""));

        StepVerifier.create(client().deeplinks(List.of("https://www.coupang.com/vp/products/7012345")))
                .assertNext(links -> assertThat(links).extracting(CoupangDeeplink::shortenUrl)
                        .containsExactly("https://link.coupang.com/a/bcDeF"))
                .verifyComplete();

        FakeHttpServer.Recorded request = server.takeRequest();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawQuery()).isNull();
        assertThat(request.body()).contains("\"coupangUrls\"").contains("https://www.coupang.com/vp/products/7012345");
        assertThat(request.header("Authorization"))
                .isEqualTo(new CoupangSigner("ak", "sk", clock).authorization("POST", CoupangClient.DEEPLINK_PATH, null));
    }

    @Test
    void tooManyRequestsIsRateLimitedWithTheProvidersWaitAndIsNotRetried() {
        server.enqueue(Reply.json(429, "{\"rCode\":\"429\",\"rMessage\":\"quota exceeded\"}").withHeader("Retry-After", "60"));

        StepVerifier.create(client().search("딸기", 5))
                .expectErrorSatisfies(e -> assertThat(e).isInstanceOfSatisfying(MarketplaceException.class, m -> {
                    assertThat(m.reason()).isEqualTo(Reason.RATE_LIMITED);
                    assertThat(m.retryAfter()).isEqualTo(Duration.ofSeconds(60));
                }))
                .verify(Duration.ofSeconds(30));
        assertThat(server.requestCount()).isEqualTo(1);
    }

    @Test
    void serverErrorIsRetriedWithBackoffAndThenSucceeds() {
        server.enqueue(Reply.json(503, "{\"rCode\":\"503\",\"rMessage\":\"busy\"}")).enqueue(Reply.json(200, SEARCH_OK));

        StepVerifier.create(client().search("딸기", 5))
                .assertNext(products -> assertThat(products).hasSize(1))
                .verifyComplete();
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void persistentServerErrorFailsAsUnavailableAfterTheRetries() {
        expectFailure(client().search("딸기", 5), Reason.UNAVAILABLE);
        assertThat(server.requestCount()).isEqualTo(2);
    }

    @Test
    void slowAnswerFailsWithTimeoutInsteadOfHanging() {
        CountDownLatch release = new CountDownLatch(1);
        server.enqueue(Reply.json(200, SEARCH_OK).heldUntil(release));
        try {
            expectFailure(client(0, Duration.ofMillis(200), 1000,
                    new MarketplaceProperties.Breaker(50, 100, 100, Duration.ofSeconds(60))).search("딸기", 5),
                    Reason.TIMEOUT);
        } finally {
            release.countDown();
        }
    }

    @Test
    void bodyThatIsNotTheEnvelopeIsMalformed() {
        server.enqueue(Reply.json(200, "<html>gateway</html>"));
        expectFailure(client().search("딸기", 5), Reason.MALFORMED);

        server.enqueue(Reply.json(200, "{\"rCode\":\"0\",\"rMessage\":\"\"}"));
        expectFailure(client().search("딸기", 5), Reason.MALFORMED);
    }

    @Test
    void providerErrorCodesMapToTypedReasons() {
        server.enqueue(Reply.json(200, "{\"rCode\":\"400\",\"rMessage\":\"keyword required\"}"));
        expectFailure(client().search("딸기", 5), Reason.BAD_REQUEST);

        server.enqueue(Reply.json(401, "{\"rCode\":\"401\",\"rMessage\":\"Invalid signature\"}"));
        expectFailure(client().search("딸기", 5), Reason.UNAUTHORIZED);

        server.enqueue(Reply.json(200, "{\"rCode\":\"403\",\"rMessage\":\"daily limit\"}"));
        expectFailure(client().search("딸기", 5), Reason.FORBIDDEN);
    }

    @Test
    void breakerOpensAfterFailuresFailsFastThenClosesAfterASuccessfulProbe() {
        CoupangClient client = client(0, Duration.ofSeconds(10), 1000,
                new MarketplaceProperties.Breaker(50, 2, 2, Duration.ofSeconds(30)));

        expectFailure(client.search("딸기", 5), Reason.UNAVAILABLE);
        expectFailure(client.search("딸기", 5), Reason.UNAVAILABLE);
        assertThat(client.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);

        expectFailure(client.search("딸기", 5), Reason.CIRCUIT_OPEN);
        assertThat(server.requestCount()).as("an open breaker keeps calls off the provider").isEqualTo(2);

        clock.advance(Duration.ofSeconds(31));
        server.enqueue(Reply.json(200, SEARCH_OK));
        StepVerifier.create(client.search("딸기", 5)).expectNextCount(1).verifyComplete();
        assertThat(client.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(server.requestCount()).isEqualTo(3);
    }

    @Test
    void clientSideLimiterStopsCallsBeforeTheProviderQuota() {
        CoupangClient client = client(0, Duration.ofSeconds(10), 1,
                new MarketplaceProperties.Breaker(50, 100, 100, Duration.ofSeconds(60)));
        server.enqueue(Reply.json(200, SEARCH_OK));

        StepVerifier.create(client.search("딸기", 5)).expectNextCount(1).verifyComplete();
        expectFailure(client.search("딸기", 5), Reason.THROTTLED);
        assertThat(server.requestCount()).isEqualTo(1);
    }
}
