package dev.flashsale.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import dev.flashsale.reservation.SaleKeys;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;

/**
 * Payments arriving just as holds expire: each hold ends exactly one way, in Redis and in the
 * ledger alike; a payment that lost the race is a late payment, never a unit taken from stock.
 */
class ConfirmRacingExpiryTest extends LedgerTestSupport {

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Test
    void eachHoldIsEitherPaidOrExpiredAndBothSidesAgree() {
        int holds = 30;
        long saleId = openSale(holds, 1);
        List<String> ids = Flux.range(0, holds).map(i -> reserve(saleId, newShopperToken())).collectList().block();
        SaleKeys keys = new SaleKeys(saleId);

        List<String> results = Flux.fromIterable(ids).flatMap(id -> {
            long past = Instant.now().minusMillis(1).toEpochMilli();
            Mono<Void> deadlinePasses = redis.opsForHash().put(keys.hold(id), "deadline", String.valueOf(past))
                    .then(redis.opsForZSet().add(keys.deadlines(), id, past)).then();
            Mono<String> payment = Mono.fromCallable(() -> webhook("evt-race-" + id, id, "PAID").expectStatus().isOk()
                    .expectBody(JsonNode.class).returnResult().getResponseBody().get("result").asString())
                    .subscribeOn(Schedulers.boundedElastic());
            return deadlinePasses.then(payment);
        }, 8).collectList().block();

        JsonNode report = drained(saleId, Duration.ofSeconds(15));
        assertThat(report.get("inSync").asBoolean()).as(report.toString()).isTrue();
        long confirmed = results.stream().filter("CONFIRMED"::equals).count();
        long late = results.stream().filter("LATE_PAYMENT"::equals).count();
        assertThat(confirmed + late).isEqualTo(holds);
        assertThat(report.get("redis").get("sold").asLong()).isEqualTo(confirmed);
        assertThat(report.get("redis").get("held").asLong()).isZero();
        assertThat(report.get("redis").get("available").asLong()).isEqualTo(late);
        for (String id : ids) {
            Map<String, Object> row = reservationRow(id);
            long endings = db.sql("select count(*) as n from ledger_event where reservation_id = :id and type in ('CONFIRMED','EXPIRED')")
                    .bind("id", id).map(r -> r.get("n", Long.class)).one().block();
            assertThat(endings).as("terminal events of %s", id).isEqualTo(1);
            assertThat(row.get("status")).isIn("CONFIRMED", "EXPIRED");
        }
        assertThat(db.sql("select count(*) as n from late_payment where sale_id = :s").bind("s", saleId)
                .map(r -> r.get("n", Long.class)).one().block()).isEqualTo(late);
    }
}
