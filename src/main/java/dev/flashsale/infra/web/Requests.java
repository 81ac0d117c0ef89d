package dev.flashsale.infra.web;

import java.security.Principal;

import org.springframework.web.reactive.function.server.ServerRequest;

import dev.flashsale.infra.problem.ApiException;
import reactor.core.publisher.Mono;

/** What functional routes read from a request, with the same 400 problems the annotated controllers give. */
public final class Requests {

    private Requests() {
    }

    /** A numeric path variable; anything else is 400 invalid-request naming it. */
    public static long longPath(ServerRequest request, String name) {
        String value = request.pathVariable(name);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(name, "must be a number");
        }
    }

    /** The JSON body; a missing one is 400 invalid-request (unreadable ones are 400 from the decoder). */
    public static <T> Mono<T> body(ServerRequest request, Class<T> type) {
        return request.bodyToMono(type).switchIfEmpty(Mono.error(() -> ApiException.invalidField("body", "is required")));
    }

    /** The caller's id (the token's {@code sub}); security has already refused requests without a token. */
    public static Mono<String> shopper(ServerRequest request) {
        return request.principal().map(Principal::getName);
    }
}
