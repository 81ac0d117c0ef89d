package dev.flashsale.marketplace.coupang;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.marketplace.Marketplace;
import dev.flashsale.marketplace.MarketplaceException;
import dev.flashsale.marketplace.MarketplaceProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.ratelimiter.RateLimiter;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Coupang Partners Open API: deeplinks (tracked links for checkout redirects) and product search.
 * Every answer is {@code {rCode, rMessage, data}}; {@link CoupangResponses} maps failures to
 * {@link MarketplaceException} reasons.
 */
public class CoupangClient {

    static final String BASE = "/v2/providers/affiliate_open_api/apis/openapi/v1";
    public static final String DEEPLINK_PATH = BASE + "/deeplink";
    static final String SEARCH_PATH = BASE + "/products/search";

    private final WebClient web;
    private final URI baseUrl;
    private final CoupangSigner signer;
    private final JsonMapper json;
    private final ResilientCalls calls;
    private final RateLimiter searchLimiter;
    private final RateLimiter deeplinkLimiter;

    public CoupangClient(WebClient.Builder web, MarketplaceProperties.Coupang props, JsonMapper json, Clock clock) {
        this.web = web.build();
        this.baseUrl = props.baseUrl();
        this.signer = new CoupangSigner(props.accessKey(), props.secretKey(), clock);
        this.json = json;
        this.calls = new ResilientCalls(Marketplace.COUPANG, props.breaker(), props.timeout(), props.maxRetries(),
                props.retryBackoff(), clock);
        this.searchLimiter = ResilientCalls.limiter("coupang-search", props.searchCallsPerHour(), Duration.ofHours(1));
        this.deeplinkLimiter = ResilientCalls.limiter("coupang-deeplink", props.deeplinkCallsPerMinute(),
                Duration.ofMinutes(1));
    }

    public Mono<List<CoupangProduct>> search(String keyword, int limit) {
        // Encoded once, here, and signed exactly as sent: the URI is passed on as is, never re-encoded.
        String query = "keyword=" + URLEncoder.encode(keyword, StandardCharsets.UTF_8).replace("+", "%20")
                + "&limit=" + limit;
        return calls.call(searchLimiter, exchange(HttpMethod.GET, SEARCH_PATH, query, null))
                .map(CoupangClient::products);
    }

    public Mono<List<CoupangDeeplink>> deeplinks(List<String> coupangUrls) {
        return calls.call(deeplinkLimiter, exchange(HttpMethod.POST, DEEPLINK_PATH, null,
                        Map.of("coupangUrls", coupangUrls)))
                .map(data -> {
                    List<CoupangDeeplink> links = new ArrayList<>();
                    data.forEach(d -> links.add(new CoupangDeeplink(d.path("originalUrl").asString(null),
                            d.path("shortenUrl").asString(null), d.path("landingUrl").asString(null))));
                    return links;
                });
    }

    public CircuitBreaker breaker() {
        return calls.breaker();
    }

    private Mono<JsonNode> exchange(HttpMethod method, String path, String query, Object body) {
        return Mono.defer(() -> {
            URI uri = URI.create(baseUrl + path + (query == null ? "" : "?" + query));
            WebClient.RequestBodySpec request = web.method(method).uri(uri)
                    .header("Authorization", signer.authorization(method.name(), path, query))
                    .accept(MediaType.APPLICATION_JSON);
            if (body != null) {
                request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
            }
            return request.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                    .map(text -> CoupangResponses.data(json, response.statusCode().value(),
                            response.headers().asHttpHeaders().getFirst("Retry-After"), text)));
        });
    }

    private static List<CoupangProduct> products(JsonNode data) {
        List<CoupangProduct> products = new ArrayList<>();
        data.path("productData").forEach(p -> products.add(new CoupangProduct(
                p.path("productId").asLong(), p.path("productName").asString(""), p.path("productPrice").asLong(),
                p.path("productImage").asString(null), p.path("productUrl").asString(null),
                p.path("categoryName").asString(null), p.path("isRocket").asBoolean(false),
                p.path("isFreeShipping").asBoolean(false))));
        return products;
    }
}
