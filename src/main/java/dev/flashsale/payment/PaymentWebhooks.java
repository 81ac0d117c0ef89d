package dev.flashsale.payment;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Service;

import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.ledger.PaymentLedger;
import dev.flashsale.reservation.Hold;
import dev.flashsale.reservation.Holds;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Handles a marketplace's order report. PAID confirms the hold and is durable in Postgres before
 * we answer 200 (if Postgres is down the marketplace gets an error and retries; the confirm
 * script answers a retry "already confirmed"). A PAID for a hold that already ended takes no unit:
 * it is recorded as a late payment to refund. FAILED releases the hold. Every answer is stored
 * per event id, so a retried delivery gets the same answer and a reused id with a different body
 * is refused as a replay.
 */
@Service
class PaymentWebhooks {

    /** The outcome of one delivery: HTTP status and JSON body. */
    record Answer(int status, String json) {
    }

    private final WebhookProperties props;
    private final WebhookReceipts receipts;
    private final LatePayments latePayments;
    private final Holds holds;
    private final PaymentLedger ledger;
    private final dev.flashsale.catalog.SaleQueries sales;
    private final JsonMapper json;
    private final Validator validator;
    private final MeterRegistry metrics;
    private final Clock clock;

    PaymentWebhooks(WebhookProperties props, WebhookReceipts receipts, LatePayments latePayments, Holds holds,
            PaymentLedger ledger, dev.flashsale.catalog.SaleQueries sales, JsonMapper json, Validator validator, MeterRegistry metrics, Clock clock) {
        this.props = props;
        this.receipts = receipts;
        this.latePayments = latePayments;
        this.holds = holds;
        this.ledger = ledger;
        this.sales = sales;
        this.json = json;
        this.validator = validator;
        this.metrics = metrics;
        this.clock = clock;
    }

    Mono<Answer> handle(String marketplacePath, String timestamp, String signature, String body) {
        Marketplaces marketplace = Marketplaces.fromPath(marketplacePath).orElseThrow(() ->
                new ApiException(ProblemType.NOT_FOUND, "No marketplace " + marketplacePath + "."));
        if (!WebhookSignature.valid(props.secretFor(marketplace), timestamp, signature, body, clock.instant(), props.tolerance())) {
            count(marketplace, "bad_signature");
            throw new ApiException(ProblemType.BAD_SIGNATURE, "The X-Signature does not match this body and X-Timestamp,"
                    + " or the timestamp is more than " + props.tolerance().toSeconds() + " s away.");
        }
        OrderEvent event = parse(marketplace, body);
        String sha = WebhookSignature.sha256(body);
        return receipts.find(marketplace, event.eventId())
                .map(receipt -> {
                    if (!receipt.bodySha256().equals(sha)) {
                        count(marketplace, "replayed");
                        throw new ApiException(ProblemType.REPLAYED, "Event " + event.eventId()
                                + " was already received with different content.");
                    }
                    count(marketplace, "retried");
                    return new Answer(receipt.status(), receipt.response());
                })
                .switchIfEmpty(Mono.defer(() -> process(marketplace, event)
                        // a 404 is not stored: the reservation may become known (ledger catching up)
                        .flatMap(answer -> answer.status() == 404 ? Mono.just(answer) : receipts.save(marketplace,
                                        event.eventId(), new WebhookReceipts.Receipt(sha, answer.status(), answer.json()))
                                .map(stored -> new Answer(stored.status(), stored.response())))));
    }

    private Mono<Answer> process(Marketplaces marketplace, OrderEvent event) {
        return holds.find(event.reservationId())
                .flatMap(hold -> event.status() == OrderEvent.Status.PAID ? paid(marketplace, event, hold) : failed(marketplace, event, hold))
                .switchIfEmpty(Mono.defer(() -> notInRedis(marketplace, event)));
    }

    /**
     * Redis has no such hold (it lost state, or the hold was cleaned up). The ledger decides: a
     * confirmed reservation is confirmed again; any other payment for a reservation of a real sale
     * is a late payment to refund, never lost. Only an id that names no sale is unknown.
     */
    private Mono<Answer> notInRedis(Marketplaces marketplace, OrderEvent event) {
        Long saleId = Holds.saleOf(event.reservationId()).orElse(null);
        Mono<Answer> unknown = Mono.fromSupplier(() -> {
            count(marketplace, "unknown_reservation");
            return new Answer(404, answer(event, "UNKNOWN_RESERVATION", Map.of()));
        });
        if (saleId == null) {
            return unknown;
        }
        return ledger.statusOf(event.reservationId()).defaultIfEmpty("UNKNOWN").flatMap(status -> {
            if ("CONFIRMED".equals(status) || event.status() == OrderEvent.Status.FAILED) {
                return "UNKNOWN".equals(status) ? unknown : Mono.just(new Answer(200, answer(event, status, Map.of())));
            }
            return sales.sale(saleId).onErrorResume(e -> Mono.empty())
                    .flatMap(sale -> latePayments.record(marketplace, event, saleId, status)
                            .then(Mono.fromSupplier(() -> {
                                count(marketplace, "late_payment");
                                return new Answer(200, answer(event, "LATE_PAYMENT", Map.of("holdStatus", status,
                                        "refund", "REQUIRED")));
                            })))
                    .switchIfEmpty(unknown);
        });
    }

    private Mono<Answer> paid(Marketplaces marketplace, OrderEvent event, Hold hold) {
        String paymentRef = marketplace.name() + ":" + event.reference();
        return holds.confirm(hold, paymentRef).flatMap(payment -> switch (payment.result()) {
            case CONFIRMED -> ledger.recordConfirmation(hold, payment.eventId(), paymentRef, clock.instant())
                    .then(Mono.fromSupplier(() -> {
                        count(marketplace, "confirmed");
                        return new Answer(200, answer(event, "CONFIRMED", Map.of()));
                    }));
            case HOLD_CLOSED -> latePayments.record(marketplace, event, hold.saleId(), payment.holdState())
                    .then(Mono.fromSupplier(() -> {
                        count(marketplace, "late_payment");
                        return new Answer(200, answer(event, "LATE_PAYMENT", Map.of("holdStatus", payment.holdState(),
                                "refund", "REQUIRED")));
                    }));
        });
    }

    private Mono<Answer> failed(Marketplaces marketplace, OrderEvent event, Hold hold) {
        return holds.releaseUnpaid(hold).map(state -> {
            count(marketplace, state.name().equals("RELEASED") ? "released" : "already_closed");
            return new Answer(200, answer(event, state.name(), Map.of()));
        });
    }

    private OrderEvent parse(Marketplaces marketplace, String body) {
        OrderEvent event;
        try {
            event = json.readValue(body, OrderEvent.class);
        } catch (RuntimeException e) {
            count(marketplace, "invalid");
            throw new ApiException(ProblemType.INVALID_REQUEST, "The body is not a valid order event.");
        }
        Set<ConstraintViolation<OrderEvent>> violations = event == null ? Set.of() : validator.validate(event);
        if (event == null || !violations.isEmpty()) {
            count(marketplace, "invalid");
            throw new ApiException(ProblemType.INVALID_REQUEST, "The order event is incomplete.", Map.of("errors",
                    violations.stream().map(v -> Map.of("field", v.getPropertyPath().toString(), "message", v.getMessage())).toList()));
        }
        if (event.reference().length() > OrderEvent.MAX_REFERENCE) {
            // checked before any step: a confirm in Redis whose ledger write can never succeed would fail every retry
            count(marketplace, "invalid");
            throw ApiException.invalidField("eventId", "at most " + OrderEvent.MAX_REFERENCE
                    + " characters without an orderId (the event id is then the payment reference)");
        }
        return event;
    }

    private String answer(OrderEvent event, String result, Map<String, String> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("eventId", event.eventId());
        body.put("reservationId", event.reservationId());
        body.put("result", result);
        body.putAll(extra);
        return json.writeValueAsString(body);
    }

    private void count(Marketplaces marketplace, String outcome) {
        metrics.counter("flashsale.webhooks", "marketplace", marketplace.name().toLowerCase(), "outcome", outcome).increment();
    }
}
