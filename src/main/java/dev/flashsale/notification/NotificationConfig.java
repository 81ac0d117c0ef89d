package dev.flashsale.notification;

import java.time.Clock;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotificationProperties.class)
class NotificationConfig {

    /** The webhook when {@code flashsale.notifications.webhook.url} is set, else the log. */
    @Bean
    NotificationChannel notificationChannel(NotificationProperties props, JsonMapper json, Clock clock) {
        // Spring Boot 4's WebFlux starter no longer contributes a WebClient.Builder bean
        return props.webhook().url() != null ? new WebhookChannel(WebClient.builder(), props.webhook(), json, clock)
                : new LoggingChannel();
    }
}
