package dev.flashsale.waitingroom;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import reactor.core.publisher.Mono;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WaitingRoomProperties.class)
class WaitingRoomConfig {

    /** No bot check unless the application declares one. */
    @Bean
    @ConditionalOnMissingBean
    JoinChallenge noJoinChallenge() {
        return (saleId, shopper, response) -> Mono.just(true);
    }
}
