package dev.flashsale.infra.db;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.r2dbc.core.DatabaseClient;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.pool.ConnectionPool;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Where staleness-tolerant reads go (reports, admin lists, recommendation inputs): the read replica when one is
 * configured ({@code flashsale.r2dbc.replica.url}), else the primary. Writes, and reads that must see a write just
 * made, use the primary's {@link DatabaseClient} directly and never come here.
 * <p>
 * A replica that fails a read (down, restarting, a query cancelled by recovery) does not fail the caller: the same
 * read runs on the primary, which answered these reads before there was a replica, and the following reads stay
 * there for {@code retry-after} so a dead replica costs no connection attempt per read. Each read the primary
 * serves instead is counted ({@code flashsale.db.replica.fallbacks}); the replica's own health component says why.
 */
public class ReadOnlyDatabase implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReadOnlyDatabase.class);

    private final DatabaseClient primary;
    private final @Nullable ConnectionPool replicaPool;
    private final @Nullable DatabaseClient replica;
    private final ReplicaProperties props;
    private final Clock clock;
    private final Counter fallbacks;
    private volatile Instant primaryUntil = Instant.MIN;

    ReadOnlyDatabase(DatabaseClient primary, @Nullable ConnectionPool replicaPool, ReplicaProperties props, Clock clock,
            MeterRegistry registry) {
        this.primary = primary;
        this.replicaPool = replicaPool;
        this.replica = replicaPool == null ? null : DatabaseClient.create(replicaPool);
        this.props = props;
        this.clock = clock;
        this.fallbacks = Counter.builder("flashsale.db.replica.fallbacks")
                .description("Reads meant for the Postgres read replica that the primary served because the replica failed")
                .register(registry);
    }

    /** Runs a read on the replica (or the primary: see the class comment), chosen when it is subscribed to. */
    public <T> Mono<T> read(Function<DatabaseClient, Mono<T>> query) {
        return Mono.defer(() -> {
            DatabaseClient target = target();
            return target == primary ? query.apply(primary) : query.apply(target).onErrorResume(e -> {
                replicaFailed(e);
                return query.apply(primary);
            });
        });
    }

    /** As {@link #read}; a failure after the replica sent rows is the caller's (a retry would repeat them). */
    public <T> Flux<T> readMany(Function<DatabaseClient, Flux<T>> query) {
        return Flux.defer(() -> {
            DatabaseClient target = target();
            if (target == primary) {
                return query.apply(primary);
            }
            AtomicBoolean sent = new AtomicBoolean();
            return query.apply(target).doOnNext(row -> sent.set(true)).onErrorResume(e -> !sent.get(), e -> {
                replicaFailed(e);
                return query.apply(primary);
            });
        });
    }

    /** The replica's client when one is configured (its health check asks it directly, never the primary). */
    Optional<DatabaseClient> replica() {
        return Optional.ofNullable(replica);
    }

    /** Whether reads meant for the replica are on the primary now, after a replica failure. */
    boolean onPrimaryForNow() {
        return replica != null && clock.instant().isBefore(primaryUntil);
    }

    private DatabaseClient target() {
        if (replica == null) {
            return primary;
        }
        if (onPrimaryForNow()) {
            fallbacks.increment();
            return primary;
        }
        return replica;
    }

    private void replicaFailed(Throwable e) {
        fallbacks.increment();
        boolean wasOnReplica = !onPrimaryForNow();
        primaryUntil = clock.instant().plus(props.retryAfter());
        if (wasOnReplica) {
            log.warn("Read replica failed a read ({}); reads go to the primary for {}", e.toString(), props.retryAfter());
        }
    }

    @Override
    public void close() {
        if (replicaPool != null) {
            replicaPool.dispose();
        }
    }
}
