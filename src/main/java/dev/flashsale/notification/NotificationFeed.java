package dev.flashsale.notification;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import dev.flashsale.catalog.CatalogCache;
import dev.flashsale.catalog.Sale;
import dev.flashsale.infra.lifecycle.BackgroundTask;
import dev.flashsale.infra.lifecycle.IdlePolls;
import dev.flashsale.reservation.EngineCommands;
import dev.flashsale.reservation.SaleEventGroup;
import io.lettuce.core.StreamMessage;
import reactor.core.Disposable;
import reactor.core.Disposables;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads every followed sale's event stream in the consumer group {@code notification} (its own:
 * the ledger's group sees the same entries independently), on every instance. An entry is
 * acknowledged only after what it causes is stored, so a crash redelivers it: at least once, and
 * the store's unique source makes the redelivery a no-op. After a failed pass this consumer
 * retries its own unacknowledged entries first; every few seconds it takes over entries a dead
 * consumer left unacknowledged for {@code claim-after}. Sales are followed until a day after they end.
 */
@Component
class NotificationFeed extends BackgroundTask {

    static final String GROUP = "notification";
    private static final Logger log = LoggerFactory.getLogger(NotificationFeed.class);
    private static final Duration FOLLOW_AFTER_END = Duration.ofDays(1);
    private static final Duration CLAIM_EVERY = Duration.ofSeconds(5);
    private static final long MAX_IDLE_POLL_MILLIS = 1_000;

    private final SaleEventGroup group;
    private final EventReactions reactions;
    private final CatalogCache catalog;
    private final NotificationProperties props;
    private final Clock clock;
    private final String name = ManagementFactory.getRuntimeMXBean().getName() + "-" + UUID.randomUUID().toString().substring(0, 8);
    private final Set<Long> groupsReady = ConcurrentHashMap.newKeySet();
    private final Set<Long> retryOwn = ConcurrentHashMap.newKeySet();
    /** Idle sales are read less often, up to once a second; any entry resets it. */
    private final IdlePolls idlePolls;

    NotificationFeed(EngineCommands redis, EventReactions reactions, CatalogCache catalog, NotificationProperties props,
            Clock clock) {
        this.group = new SaleEventGroup(redis, GROUP);
        this.reactions = reactions;
        this.catalog = catalog;
        this.props = props;
        this.clock = clock;
        this.idlePolls = new IdlePolls(props.pollInterval().toMillis(), MAX_IDLE_POLL_MILLIS);
    }

    /**
     * One pass over the followed sales that are due a read; returns the number of entries handled. A
     * sale that fails does not stop the others; the pass then ends in the first failure, so that the
     * job status shows the feed failing (as the ledger feed does).
     */
    Mono<Long> readOnce() {
        long now = clock.millis();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        return followedSales().filter(sale -> idlePolls.due(sale.id(), now)).concatMap(sale -> read(sale.id()).doOnNext(n -> {
            if (n > 0 || retryOwn.contains(sale.id())) {
                idlePolls.busy(sale.id());
            } else {
                idlePolls.idle(sale.id(), now);
            }
        }).onErrorResume(e -> {
            groupsReady.remove(sale.id()); // e.g. NOGROUP after Redis lost the stream
            log.warn("Notification feed of sale {} failed, retrying next tick: {}", sale.id(), e.toString());
            failure.compareAndSet(null, e);
            return Mono.just(0L);
        })).reduce(0L, Long::sum).flatMap(n -> failure.get() == null ? Mono.just(n) : Mono.error(failure.get()));
    }

    /**
     * Reads and handles what is new for one sale (this consumer's own unacknowledged entries first
     * after a failure); repeats while batches come back full, so a backlog is caught up in one tick.
     */
    Mono<Long> read(long saleId) {
        Mono<Void> ready = groupsReady.contains(saleId) ? Mono.empty()
                : group.ensure(saleId).doOnSuccess(v -> groupsReady.add(saleId));
        Mono<Long> batch = Mono.defer(() -> retryOwn.contains(saleId)
                        ? group.ownPending(saleId, name, props.batchSize())
                                .flatMap(own -> own.isEmpty() ? Mono.fromRunnable(() -> retryOwn.remove(saleId))
                                        .then(group.next(saleId, name, props.batchSize())) : Mono.just(own))
                        : group.next(saleId, name, props.batchSize()))
                .flatMap(messages -> handle(saleId, messages));
        return ready.then(batch.expand(n -> n >= props.batchSize() ? batch : Mono.empty()).reduce(0L, Long::sum));
    }

    /** Takes over what consumers that died left unacknowledged for longer than {@code claim-after}. */
    Mono<Long> claimStale(long saleId) {
        return group.claimStale(saleId, name, props.claimAfter(), props.batchSize()).flatMap(claimed -> handle(saleId, claimed));
    }

    private Mono<Long> claimAll() {
        return followedSales().concatMap(sale -> claimStale(sale.id()).onErrorResume(e -> Mono.just(0L))).reduce(0L, Long::sum);
    }

    /** Reacts to each entry in order, then acknowledges them all; a failure leaves them for a retry. */
    Mono<Long> handle(long saleId, List<StreamMessage<String, String>> messages) {
        if (messages.isEmpty()) {
            return Mono.just(0L);
        }
        return Flux.fromIterable(messages)
                .concatMap(m -> Mono.defer(() -> m.getBody() == null ? Mono.empty() : reactions.on(saleId, m.getId(), m.getBody()))
                        .onErrorResume(e -> e instanceof IllegalArgumentException || e instanceof NullPointerException, e -> {
                            // a malformed entry would otherwise be retried forever and stall the sale's feed
                            log.error("Notification feed skips malformed entry {} of sale {}: {}", m.getId(), saleId, e.toString());
                            return Mono.empty();
                        }))
                .then(group.ack(saleId, messages.stream().map(StreamMessage::getId).toList()))
                .doOnError(e -> retryOwn.add(saleId))
                .thenReturn((long) messages.size());
    }

    private Flux<Sale> followedSales() {
        return catalog.salesEndingAfter(clock.instant().minus(FOLLOW_AFTER_END));
    }

    @Override
    protected Disposable begin() {
        return Disposables.composite(
                every(props.pollInterval(), this::readOnce, log, "Notification feed"),
                every(CLAIM_EVERY, this::claimAll, log, "Notification claims"));
    }
}
