package dev.flashsale.payment;

import java.util.List;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import reactor.core.publisher.Mono;

@RestController
@EnableConfigurationProperties(WebhookProperties.class)
class WebhookController {

    private final PaymentWebhooks webhooks;
    private final LatePayments latePayments;

    WebhookController(PaymentWebhooks webhooks, LatePayments latePayments) {
        this.webhooks = webhooks;
        this.latePayments = latePayments;
    }

    /** The raw body is read as text because the signature covers its exact bytes. */
    @Operation(summary = "Marketplace order report (HMAC-signed): PAID confirms the hold, FAILED releases it")
    @PostMapping(path = "/api/webhooks/{marketplace}/orders", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<ResponseEntity<String>> orders(@PathVariable String marketplace,
            @RequestHeader(name = WebhookSignature.TIMESTAMP_HEADER, required = false) String timestamp,
            @RequestHeader(name = WebhookSignature.SIGNATURE_HEADER, required = false) String signature,
            @RequestBody(required = false) String body) {
        return Mono.defer(() -> webhooks.handle(marketplace, timestamp, signature, body == null ? "" : body))
                .map(answer -> ResponseEntity.status(answer.status()).contentType(MediaType.APPLICATION_JSON).body(answer.json()));
    }

    @Operation(summary = "Payments received after their hold ended (refunds to make)")
    @GetMapping("/admin/api/late-payments")
    Mono<List<LatePayments.LatePayment>> latePayments() {
        return latePayments.all();
    }
}
