package dev.flashsale.ledger;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.infra.lifecycle.IdlePolls;
import io.lettuce.core.StreamMessage;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Feeds the ledger from the sale streams on every instance (one consumer group, so each event is
 * delivered to one of them). Each tick, per followed sale: retry this consumer's own unacknowledged
 * entries if an apply failed (Postgres was down), else read new ones; apply a batch in one
 * transaction, delete the holds it closed from Redis, and acknowledge only after both (a failed
 * purge is retried with the batch, whose events the ledger then skips as already applied). Every few seconds it also takes over
 * entries a dead consumer left unacknowledged. Sales are
 * followed until a day after they end, so late payments and expiries still reach the ledger.
 */
@Component
class LedgerConsumer extends BackgroundTask {

    private static final Logger log = LoggerFactory.getLogger(LedgerConsumer.class);
    private static final Duration FOLLOW_AFTER_END = Duration.ofDays(1);
    /** Claims of dead consumers' entries, trims, and the lag/pending gauges. */
    static final Duration HOUSEKEEPING_EVERY = Duration.ofSeconds(5);

    private final LedgerStreams streams;
    private final LedgerWriter writer;
    private final ClosedHoldPurge purge;
    private final ApplicationEventPublisher publisher;
    private final LedgerMetrics metrics;
    private final CatalogCache catalog;
    private final LedgerProperties props;
    private final Clock clock;
    private final String name = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<Long> groupsReady = ConcurrentHashMap.newKeySet();
    private final Set<Long> retryOwn = ConcurrentHashMap.newKeySet();
    /** Idle sales are read less often (doubling up to {@link #MAX_IDLE_POLL}); any event resets it. */
    private final IdlePolls idlePolls;
    private static final long MAX_IDLE_POLL = 1_000;
    /** Feed passes now running (a test seam: stopping never cancels a pass, so a test waits for 0). */
    private final AtomicInteger passesRunning = new AtomicInteger();

    LedgerConsumer(LedgerStreams streams, LedgerWriter writer, ClosedHoldPurge purge, ApplicationEventPublisher publisher,
            LedgerMetrics metrics, CatalogCache catalog, LedgerProperties props, Clock clock) {
        this.streams = streams;
        this.writer = writer;
        this.purge = purge;
        this.publisher = publisher;
        this.metrics = metrics;
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
        this.idlePolls = new IdlePolls(props.pollInterval().toMillis(), MAX_IDLE_POLL);
    }

    /**
     * One pass over every followed sale that is due a read; returns the number of events applied. A
     * sale that fails does not stop the others; the pass then ends in the first failure, so that the
     * job status shows the feed failing.
     */
    Mono<Long> drainOnce() {
        long now = clock.millis();
        java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
        return followedSales().filter(sale -> idlePolls.due(sale.id(), now)).concatMap(sale -> drain(sale.id())
                .doOnNext(applied -> backOffIfIdle(sale.id(), applied, now))
                .onErrorResume(e -> {
                    groupsReady.remove(sale.id()); // e.g. NOGROUP after Redis lost the stream
                    log.warn("Ledger feed of sale {} failed, retrying next tick: {}", sale.id(), e.toString());
                    failure.compareAndSet(null, e);
                    return Mono.just(0L);
                }))
                .reduce(0L, Long::sum)
                .flatMap(applied -> failure.get() == null ? Mono.just(applied) : Mono.error(failure.get()));
    }

    private void backOffIfIdle(long saleId, long applied, long now) {
        if (applied > 0 || retryOwn.contains(saleId)) {
            idlePolls.busy(saleId);
        } else {
            idlePolls.idle(saleId, now);
        }
    }

    /**
     * Reads and applies what is new for one sale; after a failed apply (Postgres down) this
     * consumer's own unacknowledged entries are retried first. Repeats while batches come back full.
     */
    Mono<Long> drain(long saleId) {
        Mono<Void> ready = groupsReady.contains(saleId) ? Mono.empty()
                : streams.ensureGroup(saleId).doOnSuccess(v -> groupsReady.add(saleId));
        Mono<Long> batch = Mono.defer(() -> (retryOwn.contains(saleId)
                        ? streams.ownPending(saleId, name, props.batchSize())
                                .flatMap(own -> own.isEmpty() ? Mono.fromRunnable(() -> retryOwn.remove(saleId))
                                        .then(streams.next(saleId, name, props.batchSize())) : Mono.just(own))
                        : streams.next(saleId, name, props.batchSize()))
                .flatMap(messages -> applyAndAck(saleId, messages))
                .doOnError(e -> retryOwn.add(saleId)));
        return ready.then(batch.expand(n -> n >= props.batchSize() ? batch : Mono.empty()).reduce(0L, Long::sum));
    }

    /** Takes over what consumers that died left unacknowledged for longer than {@code claim-after}. */
    Mono<Long> claimStale(long saleId) {
        return streams.claimStale(saleId, name, props.claimAfter(), props.batchSize())
                .flatMap(claimed -> applyAndAck(saleId, claimed))
                .doOnError(e -> retryOwn.add(saleId));
    }

    private Mono<Long> applyAndAck(long saleId, List<StreamMessage<String, String>> messages) {
        if (messages.isEmpty()) {
            return Mono.just(0L);
        }
        List<LedgerEvent> events = messages.stream().filter(m -> LedgerEvent.isRecorded(m.getBody()))
                .map(m -> LedgerEvent.fromStream(saleId, m.getId(), m.getBody())).toList();
        return (events.isEmpty() ? Mono.just(0L) : writer.apply(events))
                .onErrorResume(LedgerConsumer::isPoison, e -> applyOneByOne(events))
                .then(purge.closedIn(saleId, events))
                .then(streams.ack(saleId, messages.stream().map(StreamMessage::getId).toList()))
                .then(Mono.fromRunnable(() -> {
                    if (!events.isEmpty()) {
                        publisher.publishEvent(HoldEventsRecorded.of(events));
                    }
                }))
                .thenReturn((long) messages.size());
    }

    /**
     * A batch Postgres refuses outright (a value the schema does not accept) would otherwise be
     * retried forever and stall the sale's ledger: its events are applied one by one and the ones
     * still refused are logged and counted as poison, so reconciliation shows the gap.
     */
    /**
     * Postgres refused the data itself (SQLSTATE class 22, data exception, or 23, integrity
     * violation, except a unique-key race, which the writer retries). Anything else, a syntax error
     * in our own SQL included, keeps being retried: better a stalled feed and an alarm than events
     * silently skipped by a bug.
     */
    static boolean isPoison(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof io.r2dbc.spi.R2dbcException r2dbc && r2dbc.getSqlState() != null) {
                String state = r2dbc.getSqlState();
                return state.startsWith("22") || (state.startsWith("23") && !state.equals("23505"));
            }
        }
        return false;
    }

    private Mono<Long> applyOneByOne(List<LedgerEvent> events) {
        return Flux.fromIterable(events)
                .concatMap(event -> writer.apply(List.of(event))
                        .onErrorResume(LedgerConsumer::isPoison, e -> {
                            log.error("Ledger refused event {} and skips it: {}", event, e.toString());
                            metrics.poisoned();
                            return Mono.just(0L);
                        }))
                .reduce(0L, Long::sum);
    }

    /**
     * Every few seconds: claims entries of dead consumers, refreshes the lag and pending gauges and
     * trims acknowledged entries past retention.
     */
    Mono<Void> housekeeping() {
        long now = clock.millis();
        return followedSales()
                .concatMap(sale -> claimStale(sale.id()).onErrorResume(e -> Mono.just(0L)).then(streams.backlog(sale.id()))
                        .flatMap(b -> streams.trim(sale.id(), props.streamRetention()).onErrorResume(e -> Mono.just(0L)).thenReturn(b))
                        .onErrorResume(e -> Mono.empty()))
                .reduce(new long[] {0, 0}, (acc, b) -> {
                    acc[0] += b.pending() + b.undelivered();
                    if (b.oldestUnacknowledgedMillis() != null) {
                        acc[1] = Math.max(acc[1], now - b.oldestUnacknowledgedMillis());
                    }
                    return acc;
                })
                .doOnNext(acc -> metrics.backlog(acc[0], acc[1]))
                .then();
    }

    /**
     * A tick of the feed: counted while it runs, and nothing at all once the task is stopped, so
     * that after {@code stop()} and {@code passesRunning() == 0} no pass can still read the streams.
     */
    private Mono<Long> feedPass() {
        return Mono.defer(() -> {
            passesRunning.incrementAndGet();
            if (!isRunning()) {
                passesRunning.decrementAndGet();
                return Mono.just(0L);
            }
            return drainOnce().doFinally(signal -> passesRunning.decrementAndGet());
        });
    }

    int passesRunning() {
        return passesRunning.get();
    }

    private Flux<Sale> followedSales() {
        return catalog.salesEndingAfter(clock.instant().minus(FOLLOW_AFTER_END));
    }

    @Override
    protected Disposable begin() {
        log.info("Ledger consumer {} started", name);
        return Disposables.composite(
                every(props.pollInterval(), this::feedPass, () -> Mono.just(metrics.lag()), log, "Ledger feed"),
                every(HOUSEKEEPING_EVERY, this::housekeeping, log, "Ledger housekeeping"));
    }
}
