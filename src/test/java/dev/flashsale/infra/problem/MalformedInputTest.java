package dev.flashsale.infra.problem;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.support.IntegrationTest;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * Inputs the OpenAPI fuzzing (OpenApiFuzzTest) found answered with a 500 or with something other
 * than one of our problems; each is now a 4xx problem with a slug.
 */
class MalformedInputTest extends IntegrationTest {

    private static final String PROBLEMS = "https://flashsale.dev/problems/";

    @Test
    void anUnparseableContentTypeIsA400ProblemNotA500() {
        long saleId = openSale(5, 1);
        String token = newShopperToken();
        // sent raw: Spring's own client refuses to send such a header
        String answer = HttpClient.create().headers(h -> h.set("Authorization", "Bearer " + token).set("Content-Type", "a/b/c"))
                .post().uri("http://127.0.0.1:" + port + "/api/sales/" + saleId + "/reservations")
                .send(ByteBufFlux.fromString(Mono.just("{\"quantity\":1}")))
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("").map(text -> response.status().code() + " "
                        + response.responseHeaders().get("Content-Type") + " " + text))
                .block(Duration.ofSeconds(10));
        assertThat(answer).startsWith("400 application/problem+json ").contains(PROBLEMS + "invalid-request");
        assertStock(saleId, 5, 0, 0);
    }

    @Test
    void anUnparseableAcceptIsA400Problem() {
        expectProblem(client().get().uri("/api/sales").header("Accept", "x/y;q=oops").exchange(), 400, "invalid-request");
        expectProblem(client().put().uri("/api/me/profile").headers(h -> h.setBearerAuth(newShopperToken()))
                .header("Accept", "x/y;q=oops").bodyValue("{}").exchange(), 400, "invalid-request");
    }

    @Test
    void anAcceptNothingHereProducesIsA406Problem() {
        expectProblem(client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(adminToken()))
                .accept(MediaType.APPLICATION_XML).exchange(), 406, "not-acceptable");
    }

    @Test
    void textWithANulCharacterIsA400ProblemNotA500() {
        expectProblem(client().put().uri("/api/me/profile").headers(h -> h.setBearerAuth(newShopperToken()))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("region", "Seoul\u0000")).exchange(),
                400, "invalid-request");
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, int status, String slug) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEMS + slug);
    }
}
