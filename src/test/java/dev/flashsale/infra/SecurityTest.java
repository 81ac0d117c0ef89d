package dev.flashsale.infra;

import javax.crypto.spec.SecretKeySpec;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

import dev.flashsale.support.IntegrationTest;

class SecurityTest extends IntegrationTest {

    @Test
    void adminApiWithoutTokenIs401Problem() {
        client().get().uri("/admin/api/products").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/unauthorized");
    }

    @Test
    void tokenSignedWithAnotherKeyIs401() {
        NimbusJwtEncoder other = NimbusJwtEncoder.withSecretKey(
                new SecretKeySpec("another-secret-another-secret-another-secret".getBytes(), "HmacSHA256")).build();
        String forged = other.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                JwtClaimsSet.builder().subject("mallory").expiresAt(Instant.now().plusSeconds(600))
                        .claim("roles", List.of("ADMIN")).build())).getTokenValue();
        client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(forged)).exchange()
                .expectStatus().isUnauthorized();
    }

    @Test
    void aTokenWithoutExpiryIs401() {
        NimbusJwtEncoder ours = NimbusJwtEncoder.withSecretKey(new SecretKeySpec(JWT_SECRET.getBytes(), "HmacSHA256")).build();
        String forever = ours.encode(JwtEncoderParameters.from(JwsHeader.with(MacAlgorithm.HS256).build(),
                JwtClaimsSet.builder().subject("admin-test").issuedAt(Instant.now())
                        .claim("roles", List.of("ADMIN")).build())).getTokenValue();
        client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(forever)).exchange()
                .expectStatus().isUnauthorized();
        client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk();
    }

    @Test
    void aTokenWhoseSubjectCannotBeAShopperIdIs401() {
        client().get().uri("/api/cart").headers(h -> h.setBearerAuth(token("x".repeat(65)))).exchange()
                .expectStatus().isUnauthorized();
        client().get().uri("/api/cart").headers(h -> h.setBearerAuth(token("x".repeat(64)))).exchange()
                .expectStatus().isOk();
    }

    @Test
    void shopperCannotUseTheAdminApi() {
        client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(newShopperToken())).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/forbidden");
    }

    @Test
    void adminRoleUnlocksTheAdminApi() {
        client().get().uri("/admin/api/products").headers(h -> h.setBearerAuth(adminToken())).exchange()
                .expectStatus().isOk();
    }

    @Test
    void devTokensDoNotExistOutsideStandaloneMode() {
        client().post().uri("/dev/tokens").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"userId\":\"u1\",\"roles\":[\"ADMIN\"]}").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void requestsTheFirewallRefusesAreProblemsToo() {
        client().method(org.springframework.http.HttpMethod.valueOf("TRACE")).uri("/api/sales").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://flashsale.dev/problems/invalid-request");
        client().get().uri(java.net.URI.create("http://127.0.0.1:" + port + "/api/sales/..%2f..%2fetc")).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void publicCatalogNeedsNoToken() {
        client().get().uri("/api/sales").exchange().expectStatus().isOk();
    }
}
