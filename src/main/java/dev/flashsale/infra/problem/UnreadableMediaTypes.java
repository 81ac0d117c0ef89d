package dev.flashsale.infra.problem;

import java.nio.charset.StandardCharsets;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * A request whose {@code Content-Type} or {@code Accept} cannot be parsed is {@code 400
 * invalid-request}, answered here before anything else reads them: a handler reading the body failed
 * with a 500, and an error answer negotiated against an unparseable {@code Accept} came out as an
 * empty 415 or Boot's plain JSON error instead of a problem.
 */
@Component
@Order(-200) // before load shedding (-150) and Spring Security (-100)
class UnreadableMediaTypes implements WebFilter {

    private final byte[] invalid;

    UnreadableMediaTypes(JsonMapper json) {
        ProblemDetail problem = Problems.of(ProblemType.INVALID_REQUEST,
                "The Content-Type or Accept header is not a valid media type.");
        this.invalid = json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        try {
            headers.getContentType();
            headers.getAccept();
        } catch (InvalidMediaTypeException e) {
            ServerHttpResponse response = exchange.getResponse();
            response.setStatusCode(ProblemType.INVALID_REQUEST.status());
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(invalid)));
        }
        return chain.filter(exchange);
    }
}
