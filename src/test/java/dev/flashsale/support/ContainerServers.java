package dev.flashsale.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.io.UncheckedIOException;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;

/**
 * Redis and Postgres as containers (see {@link ServerSource}). Postgres is bound to a fixed host port so that
 * tests can stop and start it ({@link TestServers#stopPostgres()}) and reconnect to the same address and data.
 */
final class ContainerServers {

    private static final int POSTGRES_PORT = 5432;

    private final GenericContainer<?> redis = new GenericContainer<>("redis:7.2").withExposedPorts(6379)
            .withCommand("redis-server", "--notify-keyspace-events", "Ex", "--hz", "100", "--appendonly", "yes",
                    "--maxmemory-policy", "noeviction");
    private final PostgreSQLContainer postgres;

    ContainerServers() {
        int hostPort = freePort();
        postgres = new PostgreSQLContainer("postgres:16").withDatabaseName("flashsale")
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(
                        new PortBinding(Ports.Binding.bindPort(hostPort), new ExposedPort(POSTGRES_PORT))));
        redis.start();
        postgres.start();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    TestServers.Endpoints endpoints() {
        return new TestServers.Endpoints(redis.getHost(), redis.getMappedPort(6379),
                "r2dbc:postgresql://" + postgres.getHost() + ":" + postgres.getMappedPort(POSTGRES_PORT) + "/"
                        + postgres.getDatabaseName(),
                postgres.getUsername(), postgres.getPassword(), null);
    }

    void stopPostgres() {
        DockerClientFactory.instance().client().stopContainerCmd(postgres.getContainerId()).exec();
    }

    void startPostgres() {
        DockerClientFactory.instance().client().startContainerCmd(postgres.getContainerId()).exec();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
