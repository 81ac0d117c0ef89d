package dev.flashsale.marketplace;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MarketplaceProperties.class)
class MarketplaceConfig {

    /** Only with credentials: without them there is nothing Coupang would answer but 401. */
    @Bean
    @ConditionalOnProperty(prefix = "flashsale.marketplace.coupang", name = {"access-key", "secret-key"})
    CoupangClient coupangClient(WebClient.Builder web, MarketplaceProperties props, JsonMapper json, Clock clock,
            MeterRegistry meters) {
        CoupangClient client = new CoupangClient(web, props.coupang(), json, clock);
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
