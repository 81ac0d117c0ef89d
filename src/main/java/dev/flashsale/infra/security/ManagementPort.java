package dev.flashsale.infra.security;

import java.net.InetSocketAddress;
import java.util.Objects;

import org.springframework.core.env.Environment;
import org.springframework.security.web.server.util.matcher.AndServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Requests for the Prometheus scrape that arrive on the separate management port
 * ({@code management.server.port}): the deployments publish that port only inside the cluster, so
 * Prometheus scrapes it without a token while the public port answers it to ADMIN only. With no
 * separate port nothing matches.
 */
final class ManagementPort {

    private ManagementPort() {
    }

    static ServerWebExchangeMatcher scrape(Environment env) {
        ServerWebExchangeMatcher onManagementPort = exchange -> {
            InetSocketAddress local = exchange.getRequest().getLocalAddress();
            // the ports the servers really bound (0 in the settings means any free one)
            Integer management = env.getProperty("local.management.port", Integer.class);
            Integer server = env.getProperty("local.server.port", Integer.class);
            boolean matches = local != null && management != null && !Objects.equals(management, server)
                    && local.getPort() == management;
            return matches ? ServerWebExchangeMatcher.MatchResult.match() : ServerWebExchangeMatcher.MatchResult.notMatch();
        };
        return new AndServerWebExchangeMatcher(ServerWebExchangeMatchers.pathMatchers("/actuator/prometheus"), onManagementPort);
    }
}
