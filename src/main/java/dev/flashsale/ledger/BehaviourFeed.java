package dev.flashsale.ledger;

import java.util.List;

import org.springframework.stereotype.Component;

import dev.flashsale.recommendation.BehaviourRecorder;
import dev.flashsale.recommendation.BehaviourType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Passes shoppers' reservations, cancellations and purchases from the event streams to the
 * recommender, after the ledger has applied them: nothing is added to the reserve path. A
 * redelivered event may count twice, which a behaviour signal tolerates (money never flows here).
 */
@Component
class BehaviourFeed {

    private final BehaviourRecorder recorder;

    BehaviourFeed(BehaviourRecorder recorder) {
        this.recorder = recorder;
    }

    Mono<Void> forward(List<LedgerEvent> events) {
        return Flux.fromIterable(events)
                .concatMap(event -> {
                    BehaviourType type = typeOf(event);
                    return type == null ? Mono.empty() : recorder.record(event.shopper(), event.saleId(), type, event.at());
                })
                .onErrorResume(e -> Mono.empty())
                .then();
    }

    private static BehaviourType typeOf(LedgerEvent event) {
        return switch (event.type()) {
            case HELD -> BehaviourType.RESERVATION;
            case CONFIRMED -> BehaviourType.PURCHASE;
            case RELEASED -> "CANCELLED".equals(event.reason()) ? BehaviourType.CANCELLATION : null;
            default -> null;
        };
    }
}
