package dev.flashsale.notification;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;

import org.junit.jupiter.api.Test;

import dev.flashsale.waitingroom.Ticket;

/**
 * Which tickets the waiting-room pushes tell: status changes at once, a moving place every 1.5 s at most;
 * a sell-out told from memory to those last told a place, and no place read before it told after it.
 */
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

    @Test
    void aSellOutIsToldToThoseLastToldAPlaceAndNoPlaceReadBeforeItIsToldAfterIt() {
        assertThat(tell(waiting(12), 0)).isTrue();
        assertThat(changes.worthTelling("bob", 7L, admitted(), T0, T0)).isTrue();
        assertThat(changes.worthTelling("cy", 8L, waiting(3), T0, T0)).as("another room").isTrue();

        assertThat(changes.sellOut(7L, T0.plusMillis(1_000))).containsOnlyKeys("ann")
                .hasEntrySatisfying("ann", t -> assertThat(t).isEqualTo(soldOut(12)));
        assertThat(changes.sellOut(7L, T0.plusMillis(1_100))).as("told once").isEmpty();

        assertThat(changes.worthTelling("ann", 7L, waiting(11), T0.plusMillis(900), T0.plusMillis(1_200)))
                .as("read by a pass that began before the sell-out").isFalse();
        assertThat(changes.worthTelling("ann", 7L, soldOut(11), T0.plusMillis(900), T0.plusMillis(1_200)))
                .as("sold out already told").isFalse();
        assertThat(tell(waiting(11), 2_000)).as("units came back").isTrue();
    }

    private boolean tell(Ticket ticket, long atMillis) {
        return changes.worthTelling("ann", 7L, ticket, T0.plusMillis(atMillis), T0.plusMillis(atMillis));
    }

    private static Ticket waiting(long position) {
        return new Ticket(1, position, position - 1, position / 10.0, "WAITING", null, null);
    }

    private static Ticket soldOut(long position) {
        return new Ticket(1, position, position - 1, null, "SOLD_OUT", null, null);
    }

    private static Ticket admitted() {
        return new Ticket(1, null, null, null, "ADMITTED", "token", T0.plusSeconds(30));
    }
}
