package dev.flashsale.sourcing;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Product sourcing: candidate products collected from external MCP servers through an MCP client. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(McpClientProperties.class)
class SourcingConfig {
}
