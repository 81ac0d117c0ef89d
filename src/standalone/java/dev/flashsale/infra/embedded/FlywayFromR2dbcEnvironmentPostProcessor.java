package dev.flashsale.infra.embedded;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Flyway migrates over JDBC while the app runs on R2DBC. So that operators configure the database
 * once, the Flyway URL and credentials default to the R2DBC ones
 * ({@code r2dbc:postgresql://h:p/db} becomes {@code jdbc:postgresql://h:p/db}).
 */
public class FlywayFromR2dbcEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE; // after EmbeddedServersEnvironmentPostProcessor
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String r2dbcUrl = env.getProperty("spring.r2dbc.url");
        if (r2dbcUrl == null || env.containsProperty("spring.flyway.url") || !r2dbcUrl.startsWith("r2dbc:")) {
            return;
        }
        Map<String, Object> props = new HashMap<>();
        props.put("spring.flyway.url", "jdbc:" + r2dbcUrl.substring("r2dbc:".length()).replaceFirst("^pool:", ""));
        copy(env, props, "spring.r2dbc.username", "spring.flyway.user");
        copy(env, props, "spring.r2dbc.password", "spring.flyway.password");
        env.getPropertySources().addLast(new MapPropertySource("flashsaleFlywayFromR2dbc", props));
    }

    private static void copy(ConfigurableEnvironment env, Map<String, Object> props, String from, String to) {
        String value = env.getProperty(from);
        if (value != null && !env.containsProperty(to)) {
            props.put(to, value);
        }
    }
}
