package dev.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.flashsale.waitingroom.Ticket;

/** Which tickets the waiting-room pushes tell: status changes at once, a moving place every 1.5 s at most. */
class TicketChangesTest {

    private static final Instant T0 = Instant.parse("2030-05-01T10:00:00Z");
    private final TicketChanges changes = new TicketChanges();

    @Test
    void aMovingPlaceIsToldAtMostEveryOneAndAHalfSecondsAndAnAdmissionOrSellOutAtOnce() {
        assertThat(tell(waiting(40), 0)).isTrue();
        assertThat(tell(waiting(40), 1_000)).as("told already").isFalse();
        assertThat(tell(waiting(30), 1_000)).as("moved 1 s after the last push").isFalse();
        assertThat(tell(waiting(20), 2_000)).as("moved, 2 s after").isTrue();
        assertThat(tell(waiting(10), 2_500)).isFalse();
        assertThat(tell(soldOut(10), 2_600)).as("a new status at once").isTrue();
        assertThat(tell(soldOut(8), 4_000)).as("sold out is told once, wherever the place").isFalse();
        assertThat(tell(waiting(8), 4_100)).as("units came back").isTrue();
        assertThat(tell(admitted(), 4_200)).isTrue();
        assertThat(tell(admitted(), 5_200)).isFalse();
    }

    @Test
    void aShopperWhoseStreamClosedStartsAfresh() {
        assertThat(tell(waiting(40), 0)).isTrue();
        changes.keepOnly(Set.of("someone else"));
        assertThat(tell(waiting(40), 100)).isTrue();
    }

    private boolean tell(Ticket ticket, long atMillis) {
        return changes.worthTelling("ann", 7L, ticket, T0.plusMillis(atMillis));
    }

    private static Ticket waiting(long position) {
        return new Ticket(1, position, position - 1, position / 10.0, "WAITING", null, null);
    }

    private static Ticket soldOut(long position) {
        return new Ticket(1, position, position - 1, position / 10.0, "SOLD_OUT", null, null);
    }

    private static Ticket admitted() {
        return new Ticket(1, null, null, null, "ADMITTED", "token", T0.plusSeconds(30));
    }
}
