package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;

import dev.flashsale.catalog.CatalogCache;
import io.lettuce.core.StreamMessage;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/** Every event reaches the ledger exactly once: redelivery, restarts, two consumers, a dead consumer. */
class LedgerConsumerTest extends LedgerTestSupport {

    @Autowired
    LedgerConsumer consumer;
    @Autowired
    LedgerStreams streams;
    @Autowired
    LedgerWriter writer;
    @Autowired
    ClosedHoldPurge purge;
    @Autowired
    LedgerMetrics metrics;
    @Autowired
    ApplicationEventPublisher publisher;
    @Autowired
    CatalogCache catalog;
    @Autowired
    LedgerProperties props;

    @Test
    void redeliveredEventsAreRecognisedAndSkipped() {
        long saleId = openSale(20, 1);
        Flux.range(0, 10).doOnNext(i -> reserve(saleId, newShopperToken())).blockLast();
        assertThat(drained(saleId, Duration.ofSeconds(10)).get("inSync").asBoolean()).isTrue();
        long before = ledgerEvents(saleId);

        String key = new dev.flashsale.reservation.SaleKeys(saleId).events();
        // asked of Redis directly, for the whole group: every entry delivered and acknowledged
        assertThat(redis.opsForStream().pending(key, LedgerStreams.GROUP).block().getTotalPendingMessages())
                .as("entries delivered but not acknowledged").isZero();
        String lastEntry = redis.opsForStream().reverseRange(key, org.springframework.data.domain.Range.unbounded(),
                org.springframework.data.redis.connection.Limit.limit().count(1)).blockFirst().getId().getValue();
        assertThat(redis.opsForStream().groups(key).filter(g -> LedgerStreams.GROUP.equals(g.groupName()))
                .blockFirst().lastDeliveredId())
                .as("last entry delivered to the group").isEqualTo(lastEntry);
        List<LedgerEvent> again = redis.opsForStream()
                .range(new dev.flashsale.reservation.SaleKeys(saleId).events(), org.springframework.data.domain.Range.unbounded())
                .map(r -> LedgerEvent.fromStream(saleId, r.getId().getValue(), castBody(r.getValue())))
                .collectList().block();
        assertThat(writer.apply(again).block()).as("newly applied on redelivery").isZero();
        assertThat(ledgerEvents(saleId)).isEqualTo(before).isEqualTo(10);
    }

    @Test
    void aConsumerRestartedMidBurstLosesAndDuplicatesNothing() {
        long saleId = openSale(100, 1);
        java.util.concurrent.atomic.AtomicInteger granted = new java.util.concurrent.atomic.AtomicInteger();
        // mid-burst by construction, not by timing: the consumer restarts after every tenth reservation
        Flux.range(0, 60).flatMap(i -> Mono.fromRunnable(() -> {
            reserve(saleId, newShopperToken());
            int n = granted.incrementAndGet();
            if (n % 10 == 0 && n < 60) {
                consumer.stop();
                consumer.start();
            }
        }).subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 8).blockLast();

        JsonNode report = drained(saleId, Duration.ofSeconds(20));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
        assertThat(ledgerEvents(saleId)).isEqualTo(60);
    }

    @Test
    void twoConsumersInTheGroupApplyEveryEventOnce() {
        long saleId = openSale(200, 1);
        LedgerConsumer second = new LedgerConsumer(streams, writer, purge, publisher, metrics, catalog, props, Clock.systemUTC());
        Mono<Void> burst = Flux.range(0, 100).flatMap(i -> Mono.fromRunnable(() -> reserve(saleId, newShopperToken()))
                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic()), 8).then();
        Mono<Long> secondDrains = Flux.range(0, 40).concatMap(i -> Mono.delay(Duration.ofMillis(50)).then(second.drain(saleId)))
                .reduce(0L, Long::sum);
        long bySecond = Mono.zip(burst.thenReturn(0L), secondDrains).map(t -> t.getT2()).block();

        JsonNode report = drained(saleId, Duration.ofSeconds(20));
        assertThat(report.get("inSync").asBoolean()).isTrue();
        assertThat(ledgerEvents(saleId)).isEqualTo(100);
        assertThat(bySecond).as("the second consumer did take part").isPositive();
    }

    @Test
    void entriesOfAConsumerThatDiedUnacknowledgedAreClaimedAndApplied() {
        long saleId = openSale(20, 1);
        consumer.stop();
        try {
            Flux.range(0, 5).doOnNext(i -> reserve(saleId, newShopperToken())).blockLast();
            streams.ensureGroup(saleId).block();
            List<StreamMessage<String, String>> taken = streams.next(saleId, "dead-consumer", 100).block();
            assertThat(taken).hasSize(5); // read, never acknowledged: the consumer "died"
            assertThat(reconciliation(saleId).get("streamDrained").asBoolean()).isFalse();
        } finally {
            consumer.start();
        }
        JsonNode report = drained(saleId, Duration.ofSeconds(15));
        assertThat(report.get("inSync").asBoolean()).isTrue();
        assertThat(ledgerEvents(saleId)).isEqualTo(5);
    }

    @Test
    void anEventThePostgresSchemaRefusesIsSkippedAndTheFeedGoesOn() {
        long saleId = openSale(20, 1);
        double before = registry.counter("flashsale.ledger.poisoned").count();
        long now = System.currentTimeMillis();
        redis.opsForStream().add(new dev.flashsale.reservation.SaleKeys(saleId).events(), java.util.Map.of(
                "type", "HELD", "hold", saleId + "-" + "c".repeat(32), "user", "u".repeat(80), "qty", "1",
                "at", String.valueOf(now), "deadline", String.valueOf(now + 600_000))).block();
        reserve(saleId, newShopperToken());

        JsonNode report = drained(saleId, Duration.ofSeconds(15));
        assertThat(report.get("streamDrained").asBoolean()).isTrue();
        assertThat(ledgerEvents(saleId)).as("the good event after the poison one").isEqualTo(1);
        assertThat(registry.counter("flashsale.ledger.poisoned").count()).isGreaterThan(before);
    }

    @Autowired
    io.micrometer.core.instrument.MeterRegistry registry;

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, String> castBody(java.util.Map<Object, Object> body) {
        return (java.util.Map<String, String>) (java.util.Map<?, ?>) body;
    }


}
