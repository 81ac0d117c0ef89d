package dev.flashsale.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import dev.flashsale.catalog.Sale;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/**
 * The admission tick does not wait for the rooms' settings to reload (a slow Postgres must not hold
 * admissions back), and it announces a room's sell-out once, again only after units came back.
 */
class AdmissionTickerTest {

    @Test
    void aPassGoesOnWhileTheSettingsReloadHangs() {
        WaitingRoomStore hanging = new WaitingRoomStore(null, Clock.systemUTC()) {
            @Override
            Mono<List<RoomSettings>> all() {
                return Mono.never();   // Postgres does not answer
            }
        };
        WaitingRooms rooms = new WaitingRooms(hanging, null, null, null, null);
        AdmissionTicker ticker = new AdmissionTicker(rooms, null, null, QueueFixture.PROPS, new QueueMetrics(new SimpleMeterRegistry()),
                event -> { }, Clock.systemUTC());

        StepVerifier.create(ticker.pass()).expectNext(0L).expectComplete().verify(Duration.ofSeconds(2));
        StepVerifier.create(ticker.pass()).expectNext(0L).expectComplete().verify(Duration.ofSeconds(2));
    }

    @Test
    void aSellOutIsAnnouncedAtTheFirstTickThatFindsNoUnitLeftAndAgainOnlyAfterUnitsCameBack() {
        try (QueueFixture redis = new QueueFixture()) {
            List<Object> events = new CopyOnWriteArrayList<>();
            AdmissionTicker ticker = new AdmissionTicker(null, redis.queue, null, QueueFixture.PROPS,
                    new QueueMetrics(new SimpleMeterRegistry()), events::add, Clock.systemUTC());
            Instant now = Instant.now();
            Sale sale = QueueFixture.sale(2, now.minusSeconds(1));
            RoomSettings room = QueueFixture.room(sale, now.minusSeconds(2), 10, Duration.ofSeconds(30));
            QueueSoldOut soldOut = new QueueSoldOut(sale.id());

            redis.available(sale, 1);
            ticker.tick(sale, room, now).block();
            assertThat(events).isEmpty();
            redis.available(sale, 0);   // the last unit is held
            ticker.tick(sale, room, now).block();
            ticker.tick(sale, room, now).block();
            assertThat(events).containsExactly(soldOut);
            redis.available(sale, 1);   // a hold expired
            ticker.tick(sale, room, now).block();
            redis.available(sale, 0);
            ticker.tick(sale, room, now).block();
            assertThat(events).containsExactly(soldOut, soldOut);
        }
    }
}
