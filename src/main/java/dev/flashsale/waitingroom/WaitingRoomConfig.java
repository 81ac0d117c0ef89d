package dev.flashsale.waitingroom;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(WaitingRoomProperties.class)
class WaitingRoomConfig {
}
