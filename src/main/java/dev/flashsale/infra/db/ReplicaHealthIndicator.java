package dev.flashsale.infra.db;

import java.time.Duration;

import org.springframework.boot.health.contributor.AbstractReactiveHealthIndicator;
import org.springframework.boot.health.contributor.Health;

import reactor.core.publisher.Mono;

/**
 * The replica as operators see it: reachable or not, whether it is still a standby, how far its replay is behind
 * (0 when it has applied all it received; the age of the last applied transaction otherwise), and whether reads
 * meant for it are on the primary for now.
 */
class ReplicaHealthIndicator extends AbstractReactiveHealthIndicator {

    private final ReadOnlyDatabase database;

    ReplicaHealthIndicator(ReadOnlyDatabase database) {
        super("Read replica health check failed");
        this.database = database;
    }

    @Override
    protected Mono<Health> doHealthCheck(Health.Builder builder) {
        return Mono.justOrEmpty(database.replica()).flatMap(replica -> replica.sql("""
                select pg_is_in_recovery() as in_recovery,
                       coalesce(case when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
                                     else extract(epoch from now() - pg_last_xact_replay_timestamp()) end, 0)::float8 as lag""")
                .map(row -> builder.up()
                        .withDetail("inRecovery", row.get("in_recovery", Boolean.class))
                        .withDetail("replayLagSeconds", row.get("lag", Double.class))
                        .withDetail("readsOnPrimary", database.onPrimaryForNow())
                        .build())
                .one())
                .timeout(Duration.ofSeconds(5));
    }
}
