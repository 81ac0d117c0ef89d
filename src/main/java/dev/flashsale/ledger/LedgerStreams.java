package dev.flashsale.ledger;

import java.time.Duration;
import java.util.List;

import org.springframework.stereotype.Component;

import dev.flashsale.reservation.EngineCommands;
import dev.flashsale.reservation.SaleEventGroup;
import dev.flashsale.reservation.StreamBacklog;
import io.lettuce.core.StreamMessage;
import reactor.core.publisher.Mono;

/**
 * The per-sale event streams seen through one consumer group shared by every instance. Entries are
 * delivered to one consumer; unacknowledged entries of a consumer that died are claimed by another
 * after {@code claimAfter}. The stream operations are {@link SaleEventGroup}'s (shared with the
 * notifications' group): the ledger knows no Redis key of the engine.
 */
@Component
class LedgerStreams {

    static final String GROUP = "ledger";

    private final SaleEventGroup group;

    LedgerStreams(EngineCommands redis) {
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
        return group.trimAcknowledged(saleId, retention);
    }

    /** What the ledger's group has not yet acknowledged, and the time of the oldest of it. */
    Mono<StreamBacklog> backlog(long saleId) {
        return group.backlog(saleId);
    }
}
