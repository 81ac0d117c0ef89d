package dev.flashsale.infra.security;

import java.nio.file.Path;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorityReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;

import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stateless bearer-token security. Shoppers are identified by the JWT {@code sub}; the admin API
 * needs the {@code ADMIN} role. Anything not listed here requires a token.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(JwtProperties.class)
class SecurityConfig {

    private static final ReactiveAuthorizationManager<AuthorizationContext> PERMIT =
            (authentication, context) -> Mono.just(new AuthorizationDecision(true));
    private static final ReactiveAuthorizationManager<AuthorizationContext> ADMIN_ONLY =
            AuthorityReactiveAuthorizationManager.hasRole("ADMIN");

    /**
     * The claims as the default converter maps them, but the issuer kept as the text it is: the default
     * first tries it as a URL, and a plain name such as "flash-sale" is none, so every decode threw and
     * caught an exception (a stack trace filled in on every request).
     */
    private static final Converter<Map<String, Object>, Map<String, Object>> CLAIMS =
            MappedJwtClaimSetConverter.withDefaults(Map.of(JwtClaimNames.ISS, issuer -> issuer == null ? null : issuer.toString()));

    /** The default validators check {@code exp} only when present: a token without one would never expire. */
    private static final OAuth2TokenValidator<Jwt> EXPIRY_REQUIRED =
            new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);

    /**
     * Only what a stateless bearer-token API needs: no session, CSRF, login, logout, request cache or
     * anonymous principal. Routes are matched in order, so the shopper's hot routes come first.
     */
    @Bean
    SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder, JsonMapper json,
            Environment env, @Value("${flashsale.security.public-operations:${flashsale.standalone:false}}") boolean publicOperations) {
        ProblemSecurityHandlers problems = new ProblemSecurityHandlers(json);
        String[] operations = {"/actuator/prometheus", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**",
                "/webjars/**"};
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .anonymous(ServerHttpSecurity.AnonymousSpec::disable)
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(auth -> auth
                        .pathMatchers(HttpMethod.POST, "/api/sales/*/reservations").authenticated()
                        .pathMatchers(HttpMethod.GET, "/api/sales", "/api/sales/*", "/api/sales/*/stock",
                                "/api/sales/stream", "/api/sales/*/similar", "/api/recommendations", "/api/sales/*/queue/draw").permitAll()
                        .pathMatchers("/api/webhooks/**", "/dev/tokens").permitAll()
                        // the sale page (static, src/main/resources/static) and /lib, the modules it shares with the console:
                        // after the API so the reserve matches first
                        .pathMatchers(HttpMethod.GET, "/", "/index.html", "/sale/**", "/lib/**").permitAll()
                        .pathMatchers("/actuator/health/**", "/actuator/health", "/actuator/info").permitAll()
                        // metrics and the API's map are for operators: the scrape is open on the management port
                        // (management.server.port, reachable only inside the cluster); on the application port
                        // both need ADMIN unless public-operations (on by default in standalone mode, a laptop)
                        .matchers(ManagementPort.scrape(env)).permitAll()
                        .pathMatchers(operations).access(publicOperations ? PERMIT : ADMIN_ONLY)
                        // the console's page and assets hold no data (everything comes from /admin/api with a token)
                        .pathMatchers("/admin/api/**").hasRole("ADMIN")
                        .pathMatchers(HttpMethod.GET, "/admin", "/admin/", "/admin/index.html", "/admin/console/**").permitAll()
                        .pathMatchers("/admin/**", "/actuator/**").hasRole("ADMIN")
                        // MCP (AI assistants): a token with role MCP reads sales and prices without the admin API.
                        .pathMatchers("/mcp", "/mcp/**").hasAnyRole("ADMIN", "MCP")
                        .anyExchange().authenticated())
                .oauth2ResourceServer(oauth -> oauth
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        .jwt(jwt -> jwt.jwtDecoder(decoder)
                                .jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(new Roles()))))
                .exceptionHandling(ex -> ex.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /** Requests the firewall refuses get a 400 problem too, not an empty body. */
    @Bean
    ServerExchangeRejectedHandler firewallRejections(JsonMapper json) {
        return new ProblemSecurityHandlers(json);
    }

    /**
     * No observations of the filter chain, authentication or authorization: they wrapped each of the
     * chain's filters per request and cost more CPU than the reservation itself. Every request is
     * still timed as {@code http.server.requests}; failed logins show as its 401s.
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    ReactiveJwtDecoder jwtDecoder(JwtProperties props, JwtKey key) {
        if (props.jwkSetUri() != null && !props.jwkSetUri().isBlank()) {
            // an identity provider signs tokens for other applications too: require ours, by issuer and audience
            if (props.audience() == null || props.audience().isBlank()) {
                throw new IllegalStateException("flashsale.security.jwt.audience is required with jwk-set-uri: "
                        + "without it an ADMIN token your identity provider issued for another application is valid here");
            }
            NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(props.jwkSetUri()).build();
            decoder.setClaimSetConverter(CLAIMS);
            decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(props.issuer()),
                    EXPIRY_REQUIRED, ShopperIds.VALIDATOR,
                    new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.contains(props.audience()))));
            return decoder;
        }
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withSecretKey(key.secretKey())
                .macAlgorithm(MacAlgorithm.HS256).build();
        decoder.setClaimSetConverter(CLAIMS);
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefault(), EXPIRY_REQUIRED,
                ShopperIds.VALIDATOR));
        return decoder;
    }

    @Bean
    JwtKey jwtKey(JwtProperties props, @Value("${flashsale.standalone:false}") boolean standalone,
            @Value("${flashsale.data-dir:./data}") Path dataDir) {
        if (props.jwkSetUri() != null && !props.jwkSetUri().isBlank()) {
            return new JwtKey(null);
        }
        return new JwtKey(new SecretKeySpec(JwtSecretResolver.resolve(props.secret(), standalone, dataDir), "HmacSHA256"));
    }
}
