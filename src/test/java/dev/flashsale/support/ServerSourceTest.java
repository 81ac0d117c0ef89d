package dev.flashsale.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ServerSourceTest {

    @Test
    void serversYouProvideWinOverDockerAndEmbedded() {
        assertThat(ServerSource.choose(Map.of("FLASHSALE_TEST_REDIS_HOST", "10.0.0.5"), () -> true))
                .isEqualTo(ServerSource.EXTERNAL);
        assertThat(ServerSource.choose(Map.of("FLASHSALE_TEST_R2DBC_URL", "r2dbc:postgresql://db/x"), () -> true))
                .isEqualTo(ServerSource.EXTERNAL);
    }

    @Test
    void aDockerEngineMeansContainersUnlessEmbeddedIsAskedFor() {
        assertThat(ServerSource.choose(Map.of(), () -> true)).isEqualTo(ServerSource.TESTCONTAINERS);
        assertThat(ServerSource.choose(Map.of("FLASHSALE_TEST_SERVERS", "embedded"), () -> true))
                .isEqualTo(ServerSource.EMBEDDED);
    }

    @Test
    void withoutDockerTheEmbeddedServersRunAndDockerIsNotAskedWhenNotNeeded() {
        assertThat(ServerSource.choose(Map.of(), () -> false)).isEqualTo(ServerSource.EMBEDDED);
        assertThat(ServerSource.choose(Map.of("FLASHSALE_TEST_SERVERS", "EMBEDDED"), () -> {
            throw new AssertionError("Docker probed although embedded servers were asked for");
        })).isEqualTo(ServerSource.EMBEDDED);
        assertThat(ServerSource.choose(Map.of("FLASHSALE_TEST_SERVERS", "testcontainers"), () -> false))
                .as("asked for explicitly: no silent fallback").isEqualTo(ServerSource.TESTCONTAINERS);
    }
}
