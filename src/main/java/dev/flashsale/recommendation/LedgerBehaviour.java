package dev.flashsale.recommendation;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.flashsale.ledger.HoldEventsRecorded;
import dev.flashsale.ledger.HoldEventsRecorded.Recorded;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Shoppers' reservations, cancellations and purchases, as the ledger records them, become behaviour
 * events: a reaction to the ledger's {@link HoldEventsRecorded}, so the ledger does not know the
 * recommender and nothing is added to the reserve path. Best effort: a redelivered event may count
 * twice, and one lost in a failure is a missing signal, never money.
 */
@Component
class LedgerBehaviour {

    private final BehaviourRecorder recorder;

    LedgerBehaviour(BehaviourRecorder recorder) {
        this.recorder = recorder;
    }

    @EventListener
    void on(HoldEventsRecorded recorded) {
        Flux.fromIterable(recorded.events())
                .concatMap(event -> {
                    BehaviourType type = typeOf(event);
                    return type == null ? Mono.empty() : recorder.record(event.shopper(), event.saleId(), type, event.at());
                })
                .onErrorResume(e -> Mono.empty())
                .subscribe();
    }

    private static BehaviourType typeOf(Recorded event) {
        return switch (event.type()) {
            case HELD -> BehaviourType.RESERVATION;
            case CONFIRMED -> BehaviourType.PURCHASE;
            case RELEASED -> "CANCELLED".equals(event.reason()) ? BehaviourType.CANCELLATION : null;
            default -> null;
        };
    }
}
