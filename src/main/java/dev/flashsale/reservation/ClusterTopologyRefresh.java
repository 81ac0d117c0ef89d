package dev.flashsale.reservation;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;

/**
 * How soon the Redis Cluster client learns of a failover. Spring Boot's adaptive refresh keeps
 * Lettuce's limit of one adaptive refresh per 30 s, and after a master dies the first trigger (its
 * reconnect attempts) fires before the cluster has promoted the replica: the client then routes the
 * slots to the dead master until the next refresh, and every reserve on them answers 503 meanwhile.
 * This keeps Boot's settings ({@code spring.data.redis.lettuce.cluster.refresh.*}) and lowers that
 * limit to {@code flashsale.redis-cluster.adaptive-refresh-min-interval}. Single-node Redis: no effect.
 */
@Configuration(proxyBeanMethods = false)
class ClusterTopologyRefresh {

    @Bean
    LettuceClientOptionsBuilderCustomizer fasterClusterTopologyRefresh(DataRedisProperties redis,
            @Value("${flashsale.redis-cluster.adaptive-refresh-min-interval:1s}") Duration minInterval) {
        return builder -> {
            if (builder instanceof ClusterClientOptions.Builder cluster) {
                DataRedisProperties.Lettuce.Cluster.Refresh refresh = redis.getLettuce().getCluster().getRefresh();
                ClusterTopologyRefreshOptions.Builder options = ClusterTopologyRefreshOptions.builder()
                        .dynamicRefreshSources(refresh.isDynamicRefreshSources());
                if (refresh.getPeriod() != null) {
                    options.enablePeriodicRefresh(refresh.getPeriod());
                }
                if (refresh.isAdaptive()) {
                    options.enableAllAdaptiveRefreshTriggers().adaptiveRefreshTriggersTimeout(minInterval);
                }
                cluster.topologyRefreshOptions(options.build());
            }
        };
    }
}
