package dev.flashsale.reservation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({ReservationProperties.class, WaitlistProperties.class})
class ReservationConfig {
}
