package dev.flashsale.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.flashsale.reservation.EngineCommands;
import dev.flashsale.reservation.SaleEventGroup;
import dev.flashsale.reservation.SaleKeys;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XTrimArgs;
import reactor.core.publisher.Mono;

/**
 * The per-sale event streams seen through one consumer group shared by every instance. Entries are
 * delivered to one consumer; unacknowledged entries of a consumer that died are claimed by another
 * after {@code claimAfter}. The group reads are {@link SaleEventGroup}'s (shared with the
 * notifications' group); trimming and the backlog are the ledger's own.
 */
@Component
class LedgerStreams {

    static final String GROUP = "ledger";

    private final EngineCommands redis;
    private final SaleEventGroup group;

    LedgerStreams(EngineCommands redis) {
        this.redis = redis;
        this.group = new SaleEventGroup(redis, GROUP);
    }

    Mono<Void> ensureGroup(long saleId) {
        return group.ensure(saleId);
    }

    /** This consumer's own delivered-but-unacknowledged entries (after a failed apply), oldest first. */
    Mono<List<StreamMessage<String, String>>> ownPending(long saleId, String consumer, int count) {
        return group.ownPending(saleId, consumer, count);
    }

    Mono<List<StreamMessage<String, String>>> next(long saleId, String consumer, int count) {
        return group.next(saleId, consumer, count);
    }

    /** Takes over entries another consumer has held unacknowledged for longer than {@code idle}. */
    Mono<List<StreamMessage<String, String>>> claimStale(long saleId, String consumer, Duration idle, int count) {
        return group.claimStale(saleId, consumer, idle, count);
    }

    Mono<Long> ack(long saleId, List<String> entryIds) {
        return group.ack(saleId, entryIds);
    }

    /**
     * Entries every consumer group has acknowledged and older than {@code retention} leave the stream;
     * an entry some group (the ledger's, the notifications') has not acknowledged never does.
     */
    Mono<Long> trim(long saleId, Duration retention) {
        String key = new SaleKeys(saleId).events();
        long cutoff = Instant.now().minus(retention).toEpochMilli();
        return backlog(saleId).filter(Backlog::groupExists)
                .flatMap(ledger -> redis.commands().xinfoGroups(key).map(LedgerStreams::nameOf)
                        .filter(name -> !GROUP.equals(name))
                        .concatMap(other -> backlog(saleId, other))
                        .mapNotNull(Backlog::oldestUnacknowledgedMillis)
                        .reduce(ledger.oldestUnacknowledgedMillis() == null ? Long.MAX_VALUE
                                : ledger.oldestUnacknowledgedMillis(), Math::min))
                .flatMap(oldest -> redis.commands().xtrim(key, XTrimArgs.Builder.minId(Math.min(cutoff, oldest) + "-0")));
    }

    /**
     * What the group has not yet acknowledged: entries delivered but not acked (pending) plus
     * entries not yet delivered at all; and the time of the oldest of them.
     */
    Mono<Backlog> backlog(long saleId) {
        return backlog(saleId, GROUP);
    }

    private Mono<Backlog> backlog(long saleId, String groupName) {
        String key = new SaleKeys(saleId).events();
        var commands = redis.commands();
        Mono<io.lettuce.core.models.stream.PendingMessages> pending = commands.xpending(key, groupName);
        Mono<String> lastDelivered = commands.xinfoGroups(key).collectList().map(groups -> lastDeliveredId(groups, groupName));
        return Mono.zip(pending, lastDelivered).flatMap(t -> commands
                .xrange(key, io.lettuce.core.Range.create("(" + t.getT2(), "+"), io.lettuce.core.Limit.from(100_000))
                .map(StreamMessage::getId).collectList()
                .map(undelivered -> {
                    long pendingCount = t.getT1().getCount();
                    String oldest = pendingCount > 0 ? t.getT1().getMessageIds().getLower().getValue()
                            : undelivered.isEmpty() ? null : undelivered.get(0);
                    return new Backlog(pendingCount, undelivered.size(), oldest == null ? null : millisOf(oldest), true);
                }))
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().contains("no such key"),
                        e -> Mono.just(new Backlog(0, 0, null, false)))
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().contains("NOGROUP"),
                        e -> commands.xlen(key).map(n -> new Backlog(0, n, null, false)));
    }

    /** {@code groupExists} false: nobody has read the stream yet, so nothing in it may be trimmed. */
    record Backlog(long pending, long undelivered, Long oldestUnacknowledgedMillis, boolean groupExists) {
        boolean drained() {
            return pending == 0 && undelivered == 0;
        }
    }

    @SuppressWarnings("unchecked")
    private static String lastDeliveredId(List<Object> groups, String groupName) {
        for (Object group : groups) {
            List<Object> fields = (List<Object>) group;
            if (groupName.equals(nameOf(group))) {
                return String.valueOf(fields.get(fields.indexOf("last-delivered-id") + 1));
            }
        }
        return "0-0";
    }

    @SuppressWarnings("unchecked")
    private static String nameOf(Object group) {
        List<Object> fields = (List<Object>) group;
        return String.valueOf(fields.get(fields.indexOf("name") + 1));
    }

    static long millisOf(String entryId) {
        return Long.parseLong(entryId.substring(0, entryId.indexOf('-')));
    }
}
