package dev.flashsale.recommendation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Positive;

/**
 * Settings of the recommendation feature ({@code flashsale.recommendation.*}); every one is in
 * the configuration table (docs/configuration.md).
 *
 * @param retention how long behaviour events are kept
 * @param cleanupInterval how often events past the retention are deleted
 * @param refreshInterval how often the model (neighbours, popularity) is rebuilt
 * @param flushInterval how often buffered behaviour events are written
 * @param bufferCapacity events buffered at most; beyond it new events are dropped, never waited for
 * @param neighbours similar items kept per item
 * @param historyCap most recent items of a shopper that count
 * @param maxLimit largest {@code limit} a client may ask for
 * @param llm optional LLM re-ranking
 */
@ConfigurationProperties("flashsale.recommendation")
@Validated
public record RecommendationProperties(
        @DefaultValue("90d") Duration retention,
        @DefaultValue("1h") Duration cleanupInterval,
        @DefaultValue("5m") Duration refreshInterval,
        @DefaultValue("1s") Duration flushInterval,
        @DefaultValue("10000") @Positive int bufferCapacity,
        @DefaultValue("50") @Positive int neighbours,
        @DefaultValue("50") @Positive int historyCap,
        @DefaultValue("50") @Positive int maxLimit,
        @DefaultValue @Valid Llm llm) {

    /**
     * The provider itself (URL, key, model) is configured through its Spring AI starter.
     *
     * @param enabled re-rank through the application's Spring AI {@code ChatModel}
     * @param timeout after this the in-process ranking is served as it is
     * @param candidates how many top in-process results the model may reorder
     */
    public record Llm(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("1500ms") Duration timeout,
            @DefaultValue("20") @Positive int candidates) {
    }
}
