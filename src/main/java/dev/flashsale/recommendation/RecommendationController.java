package dev.flashsale.recommendation;

import java.util.List;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

/** Both endpoints are open to anonymous callers (see SecurityConfig); a bearer token personalises. */
@RestController
class RecommendationController {

    private final RecommendationService recommendations;

    RecommendationController(RecommendationService recommendations) {
        this.recommendations = recommendations;
    }

    @Operation(summary = "Sales on now, ranked for the caller (popular and fresh ones for anonymous callers)")
    @GetMapping("/api/recommendations")
    Mono<List<Recommendation>> forCaller(@AuthenticationPrincipal Jwt jwt,
            @RequestParam(defaultValue = "10") int limit) {
        return Mono.defer(() -> recommendations.forShopper(jwt == null ? null : jwt.getSubject(), limit));
    }

    @Operation(summary = "In-stock sales most like this one (its nearest alternatives when it is sold out)")
    @GetMapping("/api/sales/{saleId}/similar")
    Mono<List<Recommendation>> similar(@PathVariable long saleId, @RequestParam(defaultValue = "10") int limit) {
        return Mono.defer(() -> recommendations.similar(saleId, limit));
    }
}
