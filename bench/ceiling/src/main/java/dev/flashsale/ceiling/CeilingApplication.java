package dev.flashsale.ceiling;

import static org.springframework.web.reactive.function.server.RequestPredicates.accept;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;

/**
 * The benchmark's ceiling: what a reserve costs on the bare stack the product is built on (Spring
 * WebFlux on Reactor Netty, Lettuce, one EVALSHA of the product's own {@code lua/reserve.lua}), with
 * nothing else: no security (the shopper is the JWT's {@code sub}, read without validation), no
 * metrics, no catalog, no validation beyond parsing. The product's figures divided by this one's,
 * measured in the same run on the same machine, say what the product's own code costs.
 */
@SpringBootApplication
public class CeilingApplication {

    public static void main(String[] args) {
        SpringApplication.run(CeilingApplication.class, args);
    }

    /** One shared, multiplexed connection borrowed from Spring Boot's Lettuce client, as the product's engine does. */
    @Bean(destroyMethod = "close")
    StatefulRedisConnection<String, String> redis(LettuceConnectionFactory factory) {
        return ((RedisClient) factory.getRequiredNativeClient()).connect(StringCodec.UTF8);
    }

    @Bean
    CeilingHandler handler(StatefulRedisConnection<String, String> redis,
            @Value("${ceiling.hold-duration}") java.time.Duration holdDuration) {
        return new CeilingHandler(redis.reactive(), holdDuration.toMillis());
    }

    /** Functional routes: the cheapest dispatch WebFlux offers. */
    @Bean
    RouterFunction<ServerResponse> routes(CeilingHandler h) {
        return RouterFunctions.route()
                .POST("/api/sales/{saleId}/reservations", h::reserve)
                .GET("/api/sales/{saleId}/stock", h::stock)
                .POST("/ceiling/sales", accept(MediaType.ALL), h::createSale)
                .GET("/ceiling/health", h::health)
                .build();
    }
}
