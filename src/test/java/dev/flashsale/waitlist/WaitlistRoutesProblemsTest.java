package dev.flashsale.waitlist;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Principal;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import reactor.core.publisher.Mono;

/**
 * The waitlist's functional routes alone, without the application context: a malformed path is
 * refused by the routes' problem mapping before the waitlist or the rate limiter (not wired here)
 * is asked, whether it fails before the handler's Mono exists or inside it.
 */
class WaitlistRoutesProblemsTest {

    private final WebTestClient client = WebTestClient
            .bindToRouterFunction(new WaitlistRoutes().waitlistApi(null, null))
            .webFilter((exchange, chain) -> chain.filter(exchange.mutate()
                    .principal(Mono.just((Principal) () -> "shopper-1")).build()))
            .build();

    @Test
    void joiningASaleWhoseIdIsNotANumberIsAnInvalidRequestNamingIt() {
        assertInvalidSaleId(client.post().uri("/api/sales/abc/waitlist").exchange());
    }

    @Test
    void readingAnEntryOfASaleWhoseIdIsNotANumberIsAnInvalidRequestNamingIt() {
        assertInvalidSaleId(client.get().uri("/api/sales/abc/waitlist").exchange());
    }

    private static void assertInvalidSaleId(WebTestClient.ResponseSpec response) {
        response.expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").value(type -> assertThat(type.toString()).endsWith("/invalid-request"))
                .jsonPath("$.errors[0].field").isEqualTo("saleId");
    }
}
