package dev.flashsale.waitingroom;

import org.springframework.stereotype.Component;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.reservation.ReserveGate;
import reactor.core.publisher.Mono;

/**
 * The waiting room's seat on the reserve path: while a sale's room is enabled, a reserve needs the
 * shopper's admission token for that sale, and spends it (queue_consume) before the reserve script
 * runs; a shopper holding a waitlist offer reserves without one (the offered unit is already theirs).
 * A sale without an enabled room costs one map lookup (after this instance's first load of the
 * settings: until then the gate waits for it rather than guess).
 */
@Component
class AdmissionGate implements ReserveGate {

    private final WaitingRooms rooms;
    private final AdmissionTokens tokens;
    private final Queue queue;
    private final QueueMetrics metrics;

    AdmissionGate(WaitingRooms rooms, AdmissionTokens tokens, Queue queue, QueueMetrics metrics) {
        this.rooms = rooms;
        this.tokens = tokens;
        this.queue = queue;
        this.metrics = metrics;
    }

    @Override
    public Mono<Void> check(long saleId, String shopper, String admissionToken, String idempotencyKey) {
        return rooms.loaded().then(Mono.defer(() -> {
            if (rooms.enabled(saleId).isEmpty()) {
                return Mono.empty();
            }
            String jti = tokens.verifiedJti(admissionToken, saleId, shopper);
            return queue.consume(saleId, shopper, jti, idempotencyKey, "").flatMap(code -> switch (code) {
                case OK, RETRY_OF_USE, OFFER_HOLDER -> Mono.<Void>empty();
                default -> {
                    metrics.refused();
                    yield Mono.error(jti == null ? new ApiException(ProblemType.ADMISSION_REQUIRED, admissionToken == null
                            ? "This sale has a waiting room: join it (POST /api/sales/" + saleId + "/queue) and reserve with the "
                                    + ReserveGate.ADMISSION_HEADER + " you get when admitted."
                            : "The admission token is not a valid, unexpired admission of yours for this sale.")
                            : new ApiException(code.problem(), code.detail()));
                }
            });
        }));
    }
}
