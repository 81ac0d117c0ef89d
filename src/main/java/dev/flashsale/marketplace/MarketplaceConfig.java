package dev.flashsale.marketplace;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import dev.flashsale.marketplace.coupang.CoupangClient;
import dev.flashsale.marketplace.coupang.CoupangConfigured;
import dev.flashsale.marketplace.sync.SyncLease;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MarketplaceProperties.class)
class MarketplaceConfig {

    /**
     * Only with credentials: without them Coupang would answer nothing but 401. Boot 4's WebFlux
     * starter no longer contributes a WebClient.Builder bean, hence the plain builder.
     */
    @Bean
    @Conditional(CoupangConfigured.class)
    CoupangClient coupangClient(MarketplaceProperties props, JsonMapper json, Clock clock,
            MeterRegistry meters) {
        CoupangClient client = new CoupangClient(WebClient.builder(), props.coupang(), json, clock);
        // 0 closed, 1 open, 2 half-open (resilience4j's state order), so a dashboard can alert on > 0.
        Gauge.builder("flashsale.marketplace.breaker.state", client.breaker(), b -> b.getState().getOrder())
                .tag("marketplace", "coupang").register(meters);
        return client;
    }

    @Bean
    SyncLease syncLease(ReactiveStringRedisTemplate redis, MarketplaceProperties props) {
        return new SyncLease(redis, props.sync().leaseTtl());
    }
}
