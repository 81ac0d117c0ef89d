package dev.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.flashsale.waitingroom.FixedQueueWatch;
import dev.flashsale.waitingroom.QueueSoldOut;
import dev.flashsale.waitingroom.QueueWatch.Watched;
import dev.flashsale.waitingroom.Ticket;
import reactor.test.StepVerifier;

/**
 * A sell-out reaches the shoppers last told a place at once, without a pass over the open streams;
 * shoppers admitted or in another room are not told.
 */
class QueuePushesTest {

    private final LiveStreams live = new LiveStreams(null, null);
    private final FixedQueueWatch queues = new FixedQueueWatch();
    private final QueuePushes pushes = new QueuePushes(live, queues, Clock.systemUTC());

    @Test
    void aSellOutIsToldToTheWaitingShoppersWithoutWaitingForThePass() {
        LiveStreams.Registration ann = live.register("ann");
        LiveStreams.Registration bob = live.register("bob");
        LiveStreams.Registration cy = live.register("cy");
        queues.answer(new Watched(7, "ann", waiting(12)),
                new Watched(7, "bob", new Ticket(2, null, null, null, "ADMITTED", "token", null)),
                new Watched(8, "cy", waiting(3)));
        assertThat(pushes.pass().block()).isEqualTo(3);

        pushes.soldOut(new QueueSoldOut(7));

        StepVerifier.create(ann.flux().take(2).last()).assertNext(notice -> {
            assertThat(notice.type()).isEqualTo(NotificationType.QUEUE_SOLD_OUT);
            assertThat(notice.saleId()).isEqualTo(7);
            assertThat(notice.queue().status()).isEqualTo("SOLD_OUT");
            assertThat(notice.queue().position()).as("the place last told").isEqualTo(12);
        }).expectComplete().verify(Duration.ofSeconds(2));
        assertThat(pushes.tellSellOut(7)).as("told once").isZero();
        StepVerifier.create(bob.flux().take(Duration.ofMillis(300)).map(NotificationView::type))
                .expectNext(NotificationType.QUEUE_ADMITTED).expectComplete().verify(Duration.ofSeconds(2));
        StepVerifier.create(cy.flux().take(Duration.ofMillis(300)).map(NotificationView::type))
                .expectNext(NotificationType.QUEUE_POSITION).expectComplete().verify(Duration.ofSeconds(2));
    }

    private static Ticket waiting(long position) {
        return new Ticket(1, position, position - 1, position / 10.0, "WAITING", null, null);
    }
}
