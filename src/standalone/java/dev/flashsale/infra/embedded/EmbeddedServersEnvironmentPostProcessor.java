package dev.flashsale.infra.embedded;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts real Redis and Postgres servers when none is configured, so that {@code ./mvnw
 * spring-boot:run} works on a machine with only a JDK. A server counts as configured when any of
 * the standard Spring properties (or their environment variables) names it; then nothing starts.
 * When both servers are embedded the app runs in standalone mode (demo data, {@code /dev/tokens}).
 * Runs after config files are read (so application.yml and profiles can configure servers).
 * Lives in {@code src/standalone}: the production build ({@code -Dproduction}) leaves it out.
 */
public class EmbeddedServersEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE = "flashsaleEmbeddedServers";
    private static final List<String> REDIS_KEYS = List.of("spring.data.redis.host", "spring.data.redis.url",
            "spring.data.redis.port", "spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master");

    private final Log log;

    public EmbeddedServersEnvironmentPostProcessor(DeferredLogFactory logFactory) {
        this.log = logFactory.getLog(EmbeddedServersEnvironmentPostProcessor.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 10;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        if (!env.getProperty("flashsale.embedded.enabled", Boolean.class, true)) {
            return;
        }
        Path dataDir = Path.of(env.getProperty("flashsale.data-dir", "./data"));
        boolean redisConfigured = REDIS_KEYS.stream().anyMatch(env::containsProperty);
        boolean postgresConfigured = env.containsProperty("spring.r2dbc.url");
        Map<String, Object> props = new HashMap<>();
        List<AutoCloseable> started = new ArrayList<>();
        if (!redisConfigured || !postgresConfigured) {
            DataDirectory owned = DataDirectory.claim(dataDir);
            started.add(owned);
            try {
                startServers(owned, !redisConfigured, !postgresConfigured, props, started);
            } catch (RuntimeException e) {
                StopOnClose.closeAll(started);
                throw e;
            }
        }
        boolean standalone = env.getProperty("flashsale.standalone", Boolean.class, !redisConfigured && !postgresConfigured);
        props.put("flashsale.standalone", standalone);
        if (!env.containsProperty("flashsale.demo.enabled")) {
            props.put("flashsale.demo.enabled", standalone);
        }
        env.getPropertySources().addFirst(new MapPropertySource(PROPERTY_SOURCE, props));
        if (!started.isEmpty()) {
            application.addListeners(new StopOnClose(started));
        }
    }

    /**
     * Starts the servers in the directory this JVM now owns, first stopping any that an earlier run
     * left behind when it died without stopping them (kill -9, an IDE stop, the OOM killer): such a
     * Postgres keeps its data directory locked, and a second Redis would append to the same AOF.
     */
    private void startServers(DataDirectory dir, boolean redis, boolean postgres, Map<String, Object> props,
            List<AutoCloseable> started) {
        if (redis) {
            Path redisDir = dir.resolve("redis");
            dir.stopOrphan(redisDir.resolve(EmbeddedRedisServer.PID_FILE), EmbeddedRedisServer.EXECUTABLE).ifPresent(pid ->
                    log.warn("Stopped embedded Redis (pid " + pid + ") left running in " + redisDir + " by an earlier run"));
            EmbeddedRedisServer server = EmbeddedRedisServer.start(redisDir);
            started.add(server);
            props.put("spring.data.redis.host", "127.0.0.1");
            props.put("spring.data.redis.port", server.port());
            log.info("Started embedded Redis on 127.0.0.1:" + server.port() + " (data in " + redisDir + ")");
        }
        if (postgres) {
            Path postgresDir = dir.resolve("postgres");
            dir.stopOrphan(postgresDir.resolve(EmbeddedPostgresServer.PID_FILE), EmbeddedPostgresServer.EXECUTABLE)
                    .ifPresent(pid -> log.warn("Stopped embedded Postgres (pid " + pid + ") left running in " + postgresDir
                            + " by an earlier run"));
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(postgresDir);
            started.add(server);
            props.put("spring.r2dbc.url", server.r2dbcUrl());
            props.put("spring.r2dbc.username", EmbeddedPostgresServer.USER);
            props.put("spring.r2dbc.password", EmbeddedPostgresServer.PASSWORD);
            log.info("Started embedded Postgres on 127.0.0.1:" + server.port() + " (data in " + postgresDir + ")");
        }
    }

    /**
     * Stops the servers this application started, then gives up the data directory, when its context
     * closes or fails to start.
     */
    private record StopOnClose(List<AutoCloseable> servers) implements ApplicationListener<ApplicationEvent> {
        @Override
        public void onApplicationEvent(ApplicationEvent event) {
            if (event instanceof ContextClosedEvent || event instanceof ApplicationFailedEvent) {
                closeAll(servers);
            }
        }

        static void closeAll(List<AutoCloseable> servers) {
            for (int i = servers.size() - 1; i >= 0; i--) {
                AutoCloseable server = servers.get(i);
                try {
                    server.close();
                } catch (Exception ignored) {
                    // best effort: the JVM shutdown hooks of both libraries stop them too
                }
            }
        }
    }
}
