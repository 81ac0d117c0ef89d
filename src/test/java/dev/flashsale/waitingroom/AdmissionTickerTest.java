package dev.flashsale.waitingroom;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

/** The admission tick does not wait for the rooms' settings to reload: a slow Postgres must not hold admissions back. */
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
                Clock.systemUTC());

        StepVerifier.create(ticker.pass()).expectNext(0L).expectComplete().verify(Duration.ofSeconds(2));
        StepVerifier.create(ticker.pass()).expectNext(0L).expectComplete().verify(Duration.ofSeconds(2));
    }
}
