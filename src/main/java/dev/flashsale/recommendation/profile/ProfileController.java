package dev.flashsale.recommendation.profile;

import java.time.Clock;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import reactor.core.publisher.Mono;

/** The caller's own profile; the JWT {@code sub} is the shopper, so nobody edits another's. */
@RestController
@RequestMapping("/api/me/profile")
class ProfileController {

    private final ProfileStore store;
    private final Clock clock;

    ProfileController(ProfileStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Operation(summary = "The caller's shopper profile (empty until saved)")
    @GetMapping
    Mono<ShopperProfile> get(@AuthenticationPrincipal Jwt jwt) {
        return store.find(jwt.getSubject());
    }

    @Operation(summary = "Replace the caller's shopper profile")
    @PutMapping
    Mono<ShopperProfile> put(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody ProfileRequest request) {
        return store.save(jwt.getSubject(), request, clock.instant());
    }
}
