package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;

import dev.flashsale.reservation.SaleKeys;

/**
 * The ledger trims a sale's stream only below what every consumer group has acknowledged: the
 * notifications' group, behind the ledger, keeps its entries until it has read and acknowledged them.
 */
class StreamTrimTest extends LedgerTestSupport {

    @Autowired
    LedgerStreams streams;

    @Test
    void entriesAnotherGroupHasNotAcknowledgedAreNotTrimmed() {
        long saleId = openSale(5, 5);
        String events = new SaleKeys(saleId).events();
        String lagging = "lagging-" + System.nanoTime();
        redis.opsForStream().createGroup(events, ReadOffset.from("0-0"), lagging).block();
        reserve(saleId, newShopperToken());
        reserve(saleId, newShopperToken());
        // every other group (the ledger's, the notifications') acknowledges on its own time: wait for all of
        // them, so that what keeps the entries below is the lagging group alone
        await().atMost(Duration.ofSeconds(15)).until(() -> othersAcknowledgedAll(events, lagging));
        long entries = redis.opsForStream().size(events).block();
        assertThat(entries).isPositive();

        streams.trim(saleId, Duration.ZERO).block();
        assertThat(redis.opsForStream().size(events).block()).as("the lagging group still needs them").isEqualTo(entries);

        var read = redis.opsForStream().read(Consumer.from(lagging, "c1"), StreamOffset.create(events, ReadOffset.lastConsumed()))
                .collectList().block();
        redis.opsForStream().acknowledge(events, lagging, read.stream().map(r -> r.getId()).toArray(
                org.springframework.data.redis.connection.stream.RecordId[]::new)).block();
        streams.trim(saleId, Duration.ZERO).block();
        assertThat(redis.opsForStream().range(events, Range.unbounded()).collectList().block())
                .as("acknowledged by every group: trimmed").isEmpty();
    }

    private boolean othersAcknowledgedAll(String events, String lagging) {
        String last = redis.opsForStream().reverseRange(events, Range.unbounded(), Limit.limit().count(1))
                .blockFirst().getId().getValue();
        return redis.opsForStream().groups(events).filter(group -> !lagging.equals(group.groupName()))
                .all(group -> group.pendingCount() == 0 && last.equals(group.lastDeliveredId())).block();
    }
}
