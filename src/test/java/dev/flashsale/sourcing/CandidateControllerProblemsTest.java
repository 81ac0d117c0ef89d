package dev.flashsale.sourcing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import dev.flashsale.infra.problem.ProblemAdvice;
import reactor.core.publisher.Mono;

/**
 * The candidate controller alone, with the problem handler but no application context: how a
 * refused request is answered (the constraints on {@code query} are checked in {@link CandidateApiTest}). The collector and the catalog are not wired, so a
 * request that reached them would fail with a 500 instead.
 */
class CandidateControllerProblemsTest {

    private static final CandidateStore NOTHING_REMEMBERED = new CandidateStore(null, null, null, null) {
        @Override
        Mono<Candidate> find(String id) {
            return Mono.empty();
        }
    };

    private final WebTestClient client = WebTestClient
            .bindToController(new CandidateController(null, NOTHING_REMEMBERED, new CandidateImport(null)))
            .controllerAdvice(ProblemAdvice.forControllers())
            .build();

    @Test
    void aSearchWithoutAQueryIsAnInvalidRequestNamingTheParameter() {
        assertProblem(client.get().uri("/admin/api/marketplace/candidates").exchange(), 400, "invalid-request",
                "query");
    }

    @Test
    void importingACandidateNoRecentSearchFoundIsNotFound() {
        assertProblem(client.post().uri("/admin/api/marketplace/candidates/no-such-id/import").exchange(), 404,
                "not-found", "no-such-id");
    }

    private static void assertProblem(WebTestClient.ResponseSpec response, int status, String slug, String named) {
        response.expectStatus().isEqualTo(status)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").value(type -> assertThat(type.toString()).endsWith("/" + slug))
                .jsonPath("$.detail").value(detail -> assertThat(detail.toString()).contains(named));
    }
}
