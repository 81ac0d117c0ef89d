package dev.flashsale.waitingroom;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.flashsale.catalog.Sale;
import reactor.core.publisher.Flux;

/** The queue scripts against the real test Redis, with the time passed in. */
class QueueScriptsTest {

    private static final QueueFixture redis = new QueueFixture();
    private static final Instant T0 = Instant.parse("2030-05-01T10:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(60);

    @AfterAll
    static void close() {
        redis.close();
    }

    @Test
    void theDrawIsReproducibleFromTheRevealedSeedAndMatchesTheCommitmentPublishedAtTheOpening() throws Exception {
        Sale sale = QueueFixture.sale(0, T0.plusSeconds(600));
        RoomSettings room = QueueFixture.room(sale, T0, 10, TTL);
        Map<Long, String> shopperOfTicket = new java.util.HashMap<>();
        for (int i = 0; i < 40; i++) {
            Queue.QueueReply reply = redis.join(sale, room, "pre-" + i, T0.plusSeconds(i));
            assertThat(reply.status()).isEqualTo("PRE_QUEUE");
            shopperOfTicket.put(reply.ticket(), "pre-" + i);
        }
        Queue.Draw before = redis.queue.draw(sale.id()).block();
        assertThat(before.seedSha256()).matches("[0-9a-f]{64}");
        assertThat(before.seed()).isNull();
        assertThat(before.shuffledAt()).isNull();

        redis.admit(sale, room, 0, sale.startsAt());  // total 0: draws, admits nobody

        Queue.Draw after = redis.queue.draw(sale.id()).block();
        assertThat(after.seedSha256()).isEqualTo(before.seedSha256());
        assertThat(Queue.sha256(after.seed())).isEqualTo(after.seedSha256());
        assertThat(after.shuffledAt()).isEqualTo(sale.startsAt());
        assertThat(after.entrants()).isEqualTo(40);

        List<String> expected = recomputeDraw(after.seed(), 40).stream().map(shopperOfTicket::get).toList();
        assertThat(redis.sync.zrange(QueueKeys.of(sale.id()).queue(), 0, -1)).isEqualTo(expected);
        assertThat(expected).isNotEqualTo(IntStream.rangeClosed(1, 40).mapToObj(t -> shopperOfTicket.get((long) t)).toList());
        Queue.QueueReply first = redis.poll(sale, expected.get(0), sale.startsAt());
        assertThat(first.status()).isEqualTo("SOLD_OUT");  // a sale of 0 units: waiting, nothing left
        assertThat(first.rank()).isZero();
    }

    @Test
    void theReadmesPythonExampleGivesTheOrderRedisDraws() throws Exception {
        String seed = "ab".repeat(32);
        List<Long> readme = List.of(9L, 7L, 1L, 2L, 5L, 10L, 6L, 3L, 4L, 8L);  // draw(seed, 10) in the Python of docs/waitlist-and-waiting-room.md
        assertThat(recomputeDraw(seed, 10)).isEqualTo(readme);

        Sale sale = QueueFixture.sale(0, T0.plusSeconds(60));
        RoomSettings room = QueueFixture.room(sale, T0, 10, TTL);
        redis.sync.hset(QueueKeys.of(sale.id()).meta(), Map.of("seed", seed, "seedSha256", Queue.sha256(seed)));
        for (int i = 1; i <= 10; i++) {
            redis.join(sale, room, "ticket-" + i, T0.plusSeconds(i));
        }
        redis.admit(sale, room, 0, sale.startsAt());
        assertThat(redis.sync.zrange(QueueKeys.of(sale.id()).queue(), 0, -1))
                .isEqualTo(readme.stream().map(t -> "ticket-" + t).toList());
    }

    /** The algorithm as docs/waitlist-and-waiting-room.md states it, written independently of the script. */
    static List<Long> recomputeDraw(String seed, int n) throws Exception {
        List<Long> order = new ArrayList<>();
        for (long t = 1; t <= n; t++) {
            order.add(t);
        }
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        for (int i = n; i >= 2; i--) {
            String hex = HexFormat.of().formatHex(sha1.digest((seed + ":" + i).getBytes(StandardCharsets.UTF_8)));
            int j = new BigInteger(hex.substring(0, 12), 16).mod(BigInteger.valueOf(i)).intValue();  // 0-based j
            java.util.Collections.swap(order, i - 1, j);
        }
        return order;
    }

    @Test
    void afterTheStartJoinsAreServedFirstComeFirstServedBehindThePreQueue() {
        Sale sale = QueueFixture.sale(0, T0.plusSeconds(60));
        RoomSettings room = QueueFixture.room(sale, T0, 10, TTL);
        for (int i = 0; i < 5; i++) {
            redis.join(sale, room, "early-" + i, T0.plusSeconds(i));
        }
        List<Long> ranks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ranks.add(redis.join(sale, room, "late-" + i, sale.startsAt().plusSeconds(i)).rank());
        }
        assertThat(ranks).containsExactly(5L, 6L, 7L, 8L, 9L);
        assertThat(redis.queue.draw(sale.id()).block().entrants()).isEqualTo(5);  // the first late join made the draw
    }

    @Test
    void aShopperGetsOneTicketHoweverManyJoinsRaceEachOther() {
        Sale sale = QueueFixture.sale(100, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 10, TTL);
        List<Queue.QueueReply> replies = Flux.range(0, 400)
                .flatMap(i -> redis.queue.join(sale, room, "racer-" + (i % 50), QueueFixture.ms(T0.plusSeconds(1))), 64)
                .collectList().block();
        Map<Long, Set<Long>> ticketsByShopper = replies.stream().collect(Collectors.groupingBy(
                r -> r.ticket(), Collectors.mapping(Queue.QueueReply::rank, Collectors.toSet())));
        assertThat(ticketsByShopper).hasSize(50);
        assertThat(ticketsByShopper.keySet()).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 50).mapToObj(Long::valueOf).toList());
        assertThat(redis.sync.zcard(QueueKeys.of(sale.id()).queue())).isEqualTo(50);
        assertThat(redis.sync.hlen(QueueKeys.of(sale.id()).tickets())).isEqualTo(50);
    }

    @Test
    void admissionsNeverExceedTheRateInAnySecond() {
        Sale sale = QueueFixture.sale(1_000, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 7, TTL);
        for (int i = 0; i < 40; i++) {
            redis.join(sale, room, "r-" + i, T0.plusMillis(i));
        }
        long admitted = 0;
        for (int tick = 0; tick < 25; tick++) {   // 25 ticks within one second, some of them on one instant
            admitted += redis.admit(sale, room, 0, T0.plusMillis(tick * 40)).admitted();
        }
        assertThat(redis.admit(sale, room, 0, T0.plusMillis(999)).admitted()).isZero();
        assertThat(admitted).isEqualTo(7);
        assertThat(redis.admit(sale, room, 0, T0.plusMillis(1_950)).admitted()).isEqualTo(7);  // next second
        Map<String, String> log = redis.queue.admissionLog(sale.id()).block();
        assertThat(log).containsOnly(Map.entry(String.valueOf(T0.getEpochSecond()), "7"),
                Map.entry(String.valueOf(T0.getEpochSecond() + 1), "7"));
    }

    @Test
    void eachTickAdmitsTheShareOfTheSecondUpToTheNextTick() {
        Sale sale = QueueFixture.sale(1_000, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 100, TTL);   // 10 per 100 ms tick
        for (int i = 0; i < 120; i++) {
            redis.join(sale, room, "p-" + i, T0);
        }
        List<Long> perTick = new ArrayList<>();
        for (int ms : new int[] {0, 100, 150, 400, 950, 1_000}) {
            perTick.add(redis.admit(sale, room, 0, T0.plusMillis(ms)).admitted());
        }
        // 0 ms: the share up to 100 ms; 150 ms: up to 250 ms; 400 ms: up to 500; 950 ms: the rest of the
        // second; 1,000 ms: a new second's first share
        assertThat(perTick).containsExactly(10L, 10L, 5L, 25L, 50L, 10L);
    }

    /**
     * The bench's burst as the scripts see it: the room open (ticking) a second before the sale starts, then
     * joins at a steady rate from some moment of a second, the room admitting 250/s, ticks every
     * tick-interval (100 ms) at a phase of their own, a third of them up to 30 ms late as on a busy
     * instance, or every 60-333 ms (an instance ticking early or too busy to tick on time, which the
     * estimate learns from the measured gap). Until 2026-11-29 the estimate was (place / rate) less half a
     * tick, blind to the admissions already made in the current second: 410-974 of the 1,100 within ±20 %
     * here. Not covered: waits under about a tick (joins at 500/s in a second's first half are admitted
     * at the next tick), where a tick 30 ms late is already more than 20 % off.
     */
    @ParameterizedTest(name = "{0} joins/s from {1} ms into a second, ticks every {2} ms")
    @CsvSource({"4000, 0, 100", "4000, 37, 100", "4000, 537, 100", "4000, 937, 100", "500, 750, 100", "4000, 600, 250",
            "4000, 100, 333", "4000, 500, 60"})
    void theWaitEstimateHoldsWithinTwentyPercentForNineInTenOfABurstAdmittedAtTheRate(int joinsPerSecond, int startMillis,
            int tickEveryMillis) {
        Sale sale = QueueFixture.sale(1_100, T0);   // every place covered by a unit: every joiner gets an estimate
        RoomSettings room = QueueFixture.room(sale, T0.minusSeconds(1), 250, TTL);
        Instant start = T0.plusMillis(startMillis);
        long joinGapNanos = 1_000_000_000L / joinsPerSecond;
        List<Long> waits = new ArrayList<>();
        int joined = 0;
        for (int tick = -1_000 / tickEveryMillis; waits.size() < 2 * 1_100 && tick < 400; tick++) {
            // ticks at their own phase (61 ms after a whole tick), a third of them up to 30 ms late
            Instant at = T0.plusMillis(61 + (long) tick * tickEveryMillis + (tick % 3 == 0 ? Math.abs(tick * 7 % 31) : 0));
            for (; joined < 1_100 && !start.plusNanos(joined * joinGapNanos).isAfter(at); joined++) {
                redis.join(sale, room, "b-" + joined, start.plusNanos(joined * joinGapNanos));
            }
            waits.addAll(redis.admit(sale, room, 0, at).waits());
        }
        int within = 0;
        for (int i = 0; i < waits.size(); i += 2) {
            within += Math.abs(waits.get(i + 1) - waits.get(i)) * 5 <= waits.get(i) ? 1 : 0;
        }
        assertThat(waits).hasSize(2 * 1_100);
        assertThat(within).as("admitted shoppers within ±20 % of the estimate, of 1,100").isGreaterThanOrEqualTo(990);
    }

    @Test
    void admissionsNeverExceedTheUnitsLeftPlusTheMarginAndReopenWhenUnitsComeBackAndTheTickSaysWhenNoneIsLeft() {
        Sale sale = QueueFixture.sale(20, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 1_000, TTL);
        for (int i = 0; i < 40; i++) {
            redis.join(sale, room, "s-" + i, T0.plusMillis(i));
        }
        assertThat(redis.admit(sale, room, 10, T0.plusMillis(100)).admitted()).isEqualTo(22);  // 20 units + 10 %
        redis.available(sale, 3);   // 17 units taken by holds (of shoppers from elsewhere)
        Queue.Tick later = redis.admit(sale, room, 10, T0.plusSeconds(2));
        assertThat(later.admitted()).isZero();
        assertThat(later.admittedUnused()).isEqualTo(22);

        assertThat(later.soldOut()).isFalse();
        redis.available(sale, 0);   // the last unit held
        assertThat(redis.admit(sale, room, 10, T0.plusSeconds(2)).soldOut()).isTrue();

        redis.available(sale, 30);  // units came back
        Queue.Tick reopened = redis.admit(sale, room, 0, T0.plusSeconds(3));
        assertThat(reopened.admitted()).isEqualTo(8);
        assertThat(reopened.soldOut()).isFalse();
    }

    @Test
    void anAdmissionIsSingleUseExceptForARetryOfTheSameReserveAndExpiresAtItsDeadline() {
        Sale sale = QueueFixture.sale(10, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 10, Duration.ofSeconds(30));
        redis.join(sale, room, "ann", T0);
        redis.join(sale, room, "bob", T0);
        redis.admit(sale, room, 0, T0.plusMillis(900));   // a second's ten
        Queue.QueueReply ann = redis.poll(sale, "ann", T0.plusSeconds(1));
        Queue.QueueReply bob = redis.poll(sale, "bob", T0.plusSeconds(1));
        assertThat(ann.status()).isEqualTo("ADMITTED");
        assertThat(ann.deadline()).isEqualTo(T0.plusMillis(900).plusSeconds(30).toEpochMilli());

        String now = QueueFixture.ms(T0.plusSeconds(2));
        assertThat(redis.queue.consume(sale.id(), "ann", bob.jti(), "k1", now).block()).isEqualTo(QueueCode.NOT_ADMITTED);
        assertThat(redis.queue.consume(sale.id(), "ann", ann.jti(), "k1", now).block()).isEqualTo(QueueCode.OK);
        assertThat(redis.queue.consume(sale.id(), "ann", ann.jti(), "k1", now).block()).isEqualTo(QueueCode.RETRY_OF_USE);
        assertThat(redis.queue.consume(sale.id(), "ann", ann.jti(), "k2", now).block()).isEqualTo(QueueCode.ADMISSION_USED);
        assertThat(redis.queue.consume(sale.id(), "ann", ann.jti(), "", now).block()).isEqualTo(QueueCode.ADMISSION_USED);
        assertThat(redis.poll(sale, "ann", T0.plusSeconds(2)).status()).isEqualTo("USED");

        String late = QueueFixture.ms(T0.plusSeconds(31));
        assertThat(redis.queue.consume(sale.id(), "bob", bob.jti(), "", late).block()).isEqualTo(QueueCode.ADMISSION_EXPIRED);
        Queue.Tick tick = redis.admit(sale, room, 0, T0.plusSeconds(31));
        assertThat(tick.expired()).isEqualTo(1);
        assertThat(redis.poll(sale, "bob", T0.plusSeconds(31)).status()).isEqualTo("EXPIRED");
        // back of the queue with the same ticket; the old admission's jti is no longer his
        Queue.QueueReply again = redis.join(sale, room, "bob", T0.plusSeconds(32));
        assertThat(again.ticket()).isEqualTo(bob.ticket());
        assertThat(again.status()).isEqualTo("WAITING");
    }

    @Test
    void shoppersWhoStopPollingLeaveAndThoseBehindMoveUp() {
        Sale sale = QueueFixture.sale(0, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 10, TTL);
        redis.join(sale, room, "gone", T0);
        redis.join(sale, room, "back-in-time", T0.plusSeconds(1));
        redis.join(sale, room, "polling", T0.plusSeconds(2));
        redis.poll(sale, "polling", T0.plusSeconds(25));
        redis.poll(sale, "back-in-time", T0.plusSeconds(29));  // a closed tab reopened within leave-after

        Queue.Tick tick = redis.admit(sale, room, 0, T0.plusSeconds(31));   // leave-after 30 s
        assertThat(tick.left()).isEqualTo(1);
        assertThat(redis.poll(sale, "gone", T0.plusSeconds(31)).status()).isEqualTo("LEFT");
        assertThat(redis.poll(sale, "back-in-time", T0.plusSeconds(31)).rank()).isZero();
        assertThat(redis.poll(sale, "polling", T0.plusSeconds(31)).rank()).isEqualTo(1);
    }

    @Test
    void anOpenStreamsWatchKeepsTheQueuedInPlaceAndAnswersOnlyShoppersWithATicket() {
        Sale sale = QueueFixture.sale(0, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 10, TTL);
        redis.join(sale, room, "silent", T0);
        redis.join(sale, room, "streaming", T0.plusSeconds(1));

        Map<String, Queue.QueueReply> watched = redis.watch(sale, room, List.of("stranger", "streaming"), T0.plusSeconds(25));
        assertThat(watched).containsOnlyKeys("streaming");
        assertThat(watched.get("streaming").status()).isEqualTo("SOLD_OUT");  // 0 units: waiting, nothing left
        assertThat(watched.get("streaming").rank()).isEqualTo(1);

        assertThat(redis.admit(sale, room, 0, T0.plusSeconds(32)).left()).isEqualTo(1);  // leave-after 30 s
        assertThat(redis.poll(sale, "silent", T0.plusSeconds(32)).status()).isEqualTo("LEFT");
        assertThat(redis.poll(sale, "streaming", T0.plusSeconds(32)).rank()).isZero();
        assertThat(redis.sync.hexists(QueueKeys.of(sale.id()).tickets(), "stranger")).isFalse();
        assertThat(redis.queue.live(sale.id(), T0.getEpochSecond()).block().abandoned()).isEqualTo(1);
    }

    @Test
    void theWaitEstimateFirstShownIsComparedWithTheActualWaitAtAdmission() {
        Sale sale = QueueFixture.sale(10, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 1, TTL);   // one a second, due at its 900 ms tick
        Queue.QueueReply ann = redis.join(sale, room, "ann", T0);   // position 1: this second's, at 900 ms
        redis.join(sale, room, "bob", T0);                          // position 2: the next second's, at 1,900 ms
        redis.poll(sale, "bob", T0.plusMillis(500));                // a later report does not replace the first
        redis.join(sale, room, "cy", T0.plusMillis(200));           // position 3: at 2,900 ms, 2,700 ms from then
        assertThat(ann.estimateMillis()).isEqualTo(900);

        assertThat(redis.admit(sale, room, 0, T0.plusMillis(900)).waits()).containsExactly(900L, 900L);       // exact
        assertThat(redis.admit(sale, room, 0, T0.plusMillis(2_900)).waits()).containsExactly(1_900L, 2_900L); // +53 %
        assertThat(redis.admit(sale, room, 0, T0.plusMillis(3_900)).waits()).containsExactly(2_700L, 3_700L); // +37 %

        Queue.Live live = redis.queue.live(sale.id(), T0.getEpochSecond()).block();
        assertThat(live.estimates()).isEqualTo(3);
        assertThat(live.estimatesWithin()).isEqualTo(1);
        assertThat(redis.sync.hlen(QueueKeys.of(sale.id()).est())).isZero();
    }

    @Test
    void aPlaceBeyondTheUnitsLeftGetsNoEstimateUntilAShopperAheadGivesUp() {
        Sale sale = QueueFixture.sale(3, T0);
        RoomSettings room = QueueFixture.room(sale, T0, 1, Duration.ofSeconds(5));   // one a second
        List<Long> told = Flux.just("a", "b", "c", "d").map(s -> redis.join(sale, room, s, T0).estimateMillis()).collectList().block();
        assertThat(told).containsExactly(900L, 1_900L, 2_900L, -1L);   // d: 3 units, 3 shoppers ahead

        assertThat(redis.admit(sale, room, 0, T0.plusMillis(900)).admitted()).isEqualTo(1);   // a, who will not reserve
        assertThat(redis.poll(sale, "c", T0.plusMillis(950)).estimateMillis()).isPositive();  // a, b and c: 3 units
        assertThat(redis.poll(sale, "d", T0.plusMillis(950)).estimateMillis()).isEqualTo(-1);

        redis.admit(sale, room, 0, T0.plusMillis(6_000));   // a's admission expires unused; b admitted
        assertThat(redis.poll(sale, "d", T0.plusMillis(6_050)).estimateMillis()).isPositive(); // b, c and d
        assertThat(redis.sync.hexists(QueueKeys.of(sale.id()).est(), "d")).isTrue();           // counted from now on
    }

    /**
     * Why a place beyond the units left gets no estimate, the other way round: a shopper who was shown one
     * is admitted at the very tick a room with unlimited stock would admit them, even when every shopper
     * admitted buys (one second after admission, so admitted-and-unused shoppers pile up meanwhile) and
     * the stock ceiling holds back the ones behind. Two sales, the same joins and ticks: 20 units, and
     * 1,000 (the ceiling never reached).
     */
    @Test
    void aShopperShownAnEstimateIsNeverHeldBackByTheStockCeiling() {
        Sale scarce = QueueFixture.sale(20, T0);
        Sale plenty = QueueFixture.sale(1_000, T0);
        Map<String, Integer> scarceAdmitted = new java.util.HashMap<>();
        Map<String, Integer> plentyAdmitted = new java.util.HashMap<>();
        Set<String> shownAnEstimate = new java.util.HashSet<>();
        for (int t = 0; t < 150; t++) {
            int tick = t;
            Instant at = T0.plusMillis(100L * tick);
            // 15 shoppers at the start, then 5 a second, as many as are admitted: about 15 queued all along, and
            // about 5 admitted who have not bought yet, so later joiners' places are within the units left
            // only if those 5 are not counted
            for (String shopper : tick == 0 ? IntStream.range(0, 15).mapToObj(i -> "s-" + i).toList()
                    : tick % 2 == 0 ? List.of("late-" + tick) : List.<String>of()) {
                if (redis.join(scarce, QueueFixture.room(scarce, T0, 5, TTL), shopper, at).estimateMillis() >= 0) {
                    shownAnEstimate.add(shopper);
                }
                redis.join(plenty, QueueFixture.room(plenty, T0, 5, TTL), shopper, at);
            }
            for (var sale : List.of(Map.entry(scarce, scarceAdmitted), Map.entry(plenty, plentyAdmitted))) {
                buyOneSecondAfterAdmission(sale.getKey(), sale.getValue(), tick, at);
                redis.admit(sale.getKey(), QueueFixture.room(sale.getKey(), T0, 5, TTL), 10, at);
                redis.sync.hgetall(QueueKeys.of(sale.getKey().id()).state()).forEach((shopper, state) -> {
                    if (state.startsWith("A:")) {
                        sale.getValue().putIfAbsent(shopper, tick);
                    }
                });
            }
        }
        assertThat(shownAnEstimate).contains("s-0", "s-14").hasSizeLessThan(15 + 74);
        for (String shopper : shownAnEstimate) {
            assertThat(scarceAdmitted.get(shopper)).as(shopper).isNotNull().isEqualTo(plentyAdmitted.get(shopper));
        }
        assertThat(scarceAdmitted).hasSizeLessThan(plentyAdmitted.size());   // the ceiling did hold others back
    }

    /** Every shopper admitted ten ticks ago spends the admission on a unit, as a reserve would. */
    private static void buyOneSecondAfterAdmission(Sale sale, Map<String, Integer> admittedAtTick, int tick, Instant at) {
        QueueKeys keys = QueueKeys.of(sale.id());
        admittedAtTick.forEach((shopper, admittedAt) -> {
            String state = redis.sync.hget(keys.state(), shopper);
            if (admittedAt == tick - 10 && state.startsWith("A:")) {
                assertThat(redis.queue.consume(sale.id(), shopper, state.substring(2), "buy", QueueFixture.ms(at)).block())
                        .isEqualTo(QueueCode.OK);
                String available = redis.sync.hget(keys.stock(), "available");
                redis.available(sale, (available == null ? sale.totalQuantity() : Long.parseLong(available)) - 1);
            }
        });
    }

    @Test
    void joinsBeforeTheOpeningOrAfterTheEndAreRefused() {
        Sale sale = QueueFixture.sale(10, T0.plusSeconds(60));
        RoomSettings room = QueueFixture.room(sale, T0, 10, TTL);
        assertThat(redis.join(sale, room, "eager", T0.minusMillis(1)).code()).isEqualTo(QueueCode.QUEUE_CLOSED);
        assertThat(redis.join(sale, room, "late", sale.endsAt()).code()).isEqualTo(QueueCode.QUEUE_CLOSED);
        assertThat(redis.poll(sale, "eager", T0).code()).isEqualTo(QueueCode.NO_TICKET);
    }
}
