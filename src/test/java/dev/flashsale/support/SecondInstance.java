package dev.flashsale.support;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.flashsale.FlashSaleApplication;

/** Another full instance of the service on the test JVM's Redis and Postgres, as a second pod would be. */
public final class SecondInstance {

    private SecondInstance() {
    }

    public static ConfigurableApplicationContext start(String... settings) {
        TestServers.Endpoints servers = TestServers.get();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--flashsale.embedded.enabled=false",
                "--flashsale.standalone=false", "--flashsale.demo.enabled=false",
                "--spring.data.redis.host=" + servers.redisHost(), "--spring.data.redis.port=" + servers.redisPort(),
                "--spring.r2dbc.url=" + servers.r2dbcUrl(), "--spring.r2dbc.username=" + servers.username(),
                "--spring.r2dbc.password=" + servers.password(), "--flashsale.security.jwt.secret=" + IntegrationTest.JWT_SECRET));
        if (servers.redisClusterNodes() != null) {
            args.add("--spring.data.redis.cluster.nodes=" + servers.redisClusterNodes());
        }
        for (String setting : settings) {
            args.add("--" + setting);
        }
        return new SpringApplicationBuilder(FlashSaleApplication.class).run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext instance) {
        return ((WebServerApplicationContext) instance).getWebServer().getPort();
    }
}
