package dev.flashsale.reservation;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import reactor.core.publisher.Mono;

/** Reserve outcomes, reserve latency, and how late expired holds came back (tags are bounded enums). */
@Component
class ReservationMetrics {

    private final Map<ScriptCode, Counter> outcomes = new EnumMap<>(ScriptCode.class);
    private final Timer reserveTimer;
    private final Counter soldOutFromMemory;
    private final Counter sweeperRestores;
    private final Counter listenerRestores;
    private final DistributionSummary restoreDelay;
    private final Counter deadlineNothingReserved;
    private final Counter deadlineOutcomeUnknown;
    private final LiveCounts live;

    ReservationMetrics(MeterRegistry registry, LiveCounts live) {
        this.live = live;
        for (ScriptCode code : List.of(ScriptCode.OK, ScriptCode.EXISTED, ScriptCode.SOLD_OUT,
                ScriptCode.LIMIT_EXCEEDED, ScriptCode.SALE_NOT_ACTIVE)) {
            outcomes.put(code, Counter.builder("flashsale.reservations")
                    .description("Reserve attempts by outcome")
                    .tag("outcome", outcomeTag(code))
                    .register(registry));
        }
        reserveTimer = Timer.builder("flashsale.reserve.latency")
                .description("Reserve call latency inside the service")
                .publishPercentileHistogram()
                .minimumExpectedValue(java.time.Duration.ofMillis(1))
                .maximumExpectedValue(java.time.Duration.ofSeconds(2))
                .register(registry);
        soldOutFromMemory = Counter.builder("flashsale.reservations.memory")
                .description("Sold-out answers given from this instance's memory, without a Redis call")
                .register(registry);
        sweeperRestores = Counter.builder("flashsale.expiry.restored").tag("path", "sweeper")
                .description("Expired holds whose units went back to stock").register(registry);
        listenerRestores = Counter.builder("flashsale.expiry.restored").tag("path", "listener")
                .description("Expired holds whose units went back to stock").register(registry);
        deadlineNothingReserved = deadlineCounter(registry, "none");
        deadlineOutcomeUnknown = deadlineCounter(registry, "unknown");
        restoreDelay = DistributionSummary.builder("flashsale.expiry.restore.delay")
                .description("Time from a hold's deadline to its units being back in stock")
                .baseUnit("milliseconds")
                .serviceLevelObjectives(50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000, 60_000)
                .register(registry);
    }

    void reserveOutcome(long saleId, ScriptCode code) {
        Counter counter = outcomes.get(code);
        if (counter != null) {
            counter.increment();
            live.outcome(saleId, outcomeTag(code));
        }
    }

    /** Counted as a sold-out outcome too. */
    void soldOutFromMemory(long saleId) {
        soldOutFromMemory.increment();
        reserveOutcome(saleId, ScriptCode.SOLD_OUT);
    }

    /** A reserve Redis did not answer within its deadline: {@code nothingReserved} false when the script was sent. */
    void redisDeadline(boolean nothingReserved) {
        (nothingReserved ? deadlineNothingReserved : deadlineOutcomeUnknown).increment();
    }

    private static Counter deadlineCounter(MeterRegistry registry, String outcome) {
        return Counter.builder("flashsale.reserve.redis_deadline").tag("outcome", outcome)
                .description("Reserves answered 503 because Redis did not answer within flashsale.reservation.redis-timeout"
                        + " (unknown: the reserve script had been sent and may have run)")
                .register(registry);
    }

    private static String outcomeTag(ScriptCode code) {
        return switch (code) {
            case OK -> "held";
            case EXISTED -> "replayed";
            default -> code.name().toLowerCase();
        };
    }

    <T> Mono<T> timeReserve(Mono<T> call) {
        return Mono.defer(() -> {
            long start = System.nanoTime();
            return call.doFinally(signal -> reserveTimer.record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
        });
    }

    void restored(long saleId, StockEngine.ExpiryReply reply, boolean bySweeper) {
        if (reply.expired() == 0) {
            return;
        }
        (bySweeper ? sweeperRestores : listenerRestores).increment(reply.expired());
        // each hold's own delay, not a batch mean: the tail is what the one-second target is about
        reply.delaysMillis().forEach(delay -> {
            restoreDelay.record(delay);
            live.restoreDelay(saleId, delay);
        });
    }
}
