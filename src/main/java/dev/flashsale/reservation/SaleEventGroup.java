package dev.flashsale.reservation;

import java.time.Duration;
import java.util.List;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
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
}
