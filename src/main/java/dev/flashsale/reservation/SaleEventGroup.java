package dev.flashsale.reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.models.stream.PendingMessages;
import reactor.core.publisher.Mono;

/**
 * A sale's event stream ({@code fs:{saleId}:events}) read through one named consumer group, the
 * way other features follow hold events without knowing the engine's keys. Every instance joins
 * the group as its own consumer, so each entry is delivered to one of them; entries a consumer
 * leaves unacknowledged (it died) are taken over by another with {@link #claimStale}. Each group
 * sees every entry: the ledger and the notifications read the same streams independently.
 */
public final class SaleEventGroup {

    private final EngineCommands redis;
    private final String group;

    public SaleEventGroup(EngineCommands redis, String group) {
        this.redis = redis;
        this.group = group;
    }

    public String name() {
        return group;
    }

    /** Creates the group (and the stream) if missing, reading from the stream's first entry. */
    public Mono<Void> ensure(long saleId) {
        return redis.commands()
                .xgroupCreate(XReadArgs.StreamOffset.from(SaleKeys.of(saleId).events(), "0"), group,
                        XGroupCreateArgs.Builder.mkstream())
                .onErrorResume(RedisBusyException.class, e -> Mono.empty())
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().startsWith("BUSYGROUP"), e -> Mono.empty())
                .then();
    }

    /** This consumer's own delivered-but-unacknowledged entries (after a failed pass), oldest first. */
    public Mono<List<StreamMessage<String, String>>> ownPending(long saleId, String consumer, int count) {
        return redis.commands().xreadgroup(Consumer.from(group, consumer), XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.from(SaleKeys.of(saleId).events(), "0")).collectList();
    }

    /** Entries never delivered to the group before. */
    public Mono<List<StreamMessage<String, String>>> next(long saleId, String consumer, int count) {
        return redis.commands().xreadgroup(Consumer.from(group, consumer), XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(SaleKeys.of(saleId).events())).collectList();
    }

    /** Takes over entries another consumer has held unacknowledged for longer than {@code idle}. */
    public Mono<List<StreamMessage<String, String>>> claimStale(long saleId, String consumer, Duration idle, int count) {
        return redis.commands().xautoclaim(SaleKeys.of(saleId).events(),
                        XAutoClaimArgs.Builder.xautoclaim(Consumer.from(group, consumer), idle, "0-0").count(count))
                .map(claimed -> claimed.getMessages());
    }

    public Mono<Long> ack(long saleId, List<String> entryIds) {
        return entryIds.isEmpty() ? Mono.just(0L)
                : redis.commands().xack(SaleKeys.of(saleId).events(), group, entryIds.toArray(String[]::new));
    }

    /**
     * What this group has not yet acknowledged: entries delivered but not acked (pending) plus entries
     * not yet delivered at all; and the time of the oldest of them.
     */
    public Mono<StreamBacklog> backlog(long saleId) {
        return backlog(saleId, group);
    }

    /**
     * Entries every consumer group has acknowledged and older than {@code retention} leave the stream;
     * an entry some group has not acknowledged never does, and nothing leaves before this group has read.
     */
    public Mono<Long> trimAcknowledged(long saleId, Duration retention) {
        String key = SaleKeys.of(saleId).events();
        long cutoff = Instant.now().minus(retention).toEpochMilli();
        return backlog(saleId).filter(StreamBacklog::groupExists)
                .flatMap(own -> redis.commands().xinfoGroups(key).map(SaleEventGroup::nameOf)
                        .filter(name -> !group.equals(name))
                        .concatMap(other -> backlog(saleId, other))
                        .mapNotNull(StreamBacklog::oldestUnacknowledgedMillis)
                        .reduce(own.oldestUnacknowledgedMillis() == null ? Long.MAX_VALUE : own.oldestUnacknowledgedMillis(),
                                Math::min))
                .flatMap(oldest -> redis.commands().xtrim(key, XTrimArgs.Builder.minId(Math.min(cutoff, oldest) + "-0")));
    }

    private Mono<StreamBacklog> backlog(long saleId, String groupName) {
        String key = SaleKeys.of(saleId).events();
        var commands = redis.commands();
        Mono<PendingMessages> pending = commands.xpending(key, groupName);
        Mono<String> lastDelivered = commands.xinfoGroups(key).collectList().map(groups -> lastDeliveredId(groups, groupName));
        return Mono.zip(pending, lastDelivered).flatMap(t -> commands
                .xrange(key, Range.create("(" + t.getT2(), "+"), Limit.from(100_000))
                .map(StreamMessage::getId).collectList()
                .map(undelivered -> {
                    long pendingCount = t.getT1().getCount();
                    String oldest = pendingCount > 0 ? t.getT1().getMessageIds().getLower().getValue()
                            : undelivered.isEmpty() ? null : undelivered.get(0);
                    return new StreamBacklog(pendingCount, undelivered.size(), oldest == null ? null : millisOf(oldest), true);
                }))
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().contains("no such key"),
                        e -> Mono.just(new StreamBacklog(0, 0, null, false)))
                .onErrorResume(e -> e.getMessage() != null && e.getMessage().contains("NOGROUP"),
                        e -> commands.xlen(key).map(n -> new StreamBacklog(0, n, null, false)));
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

    private static long millisOf(String entryId) {
        return Long.parseLong(entryId.substring(0, entryId.indexOf('-')));
    }
}
