package dev.flashsale.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.DriverManager;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import dev.flashsale.infra.embedded.EmbeddedPostgresServer;

/** The harness itself: the replica is a hot standby that streams what the primary writes. */
class StreamingReplicaTest {

    @Test
    void theReplicaIsAHotStandbyThatStreamsThePrimarysWrites() throws Exception {
        Assumptions.assumeTrue(StreamingReplica.possible(), "needs the embedded test Postgres");
        StreamingReplica replica = StreamingReplica.get();
        assertThat(replica.stateOnPrimary()).isEqualTo("streaming");
        assertThat(replica.inRecovery()).as("pg_is_in_recovery() on the replica").isTrue();

        // a schema of its own: a table in public before the first migration would stop Flyway (non-empty schema)
        String table = "replica_probe.t" + System.nanoTime();
        String primary = TestServers.embeddedPostgres().orElseThrow().jdbcUrl();
        try (var c = DriverManager.getConnection(primary, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
                var st = c.createStatement()) {
            st.execute("create schema if not exists replica_probe");
            st.execute("create table " + table + " (v text)");
            st.execute("insert into " + table + " values ('written on the primary')");
        }
        String onReplica = replica.r2dbcUrl().replace("r2dbc:", "jdbc:");
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().untilAsserted(() -> {
            try (var c = DriverManager.getConnection(onReplica, EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
                    var st = c.createStatement(); var rs = st.executeQuery("select v from " + table)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("written on the primary");
            }
        });
    }
}
