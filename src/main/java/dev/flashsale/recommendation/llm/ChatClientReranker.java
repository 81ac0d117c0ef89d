package dev.flashsale.recommendation.llm;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.client.ChatClient;

import dev.flashsale.recommendation.Recommendation;
import dev.flashsale.recommendation.profile.ShopperProfile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks a chat model to reorder the in-process top candidates for one shopper and to word the
 * reasons. The model only permutes what it was given: unknown ids are ignored and anything it
 * leaves out keeps its place after the ones it ranked, so a confused answer cannot surface a
 * sold-out or inactive sale. The blocking client call runs on a worker thread; past the timeout,
 * on an error or on an unreadable answer the in-process ranking is returned unchanged (give the
 * provider's own client a similar timeout, so abandoned calls do not pile up on that thread pool).
 */
final class ChatClientReranker implements Reranker {

    private static final Logger log = LoggerFactory.getLogger(ChatClientReranker.class);
    private static final int MAX_REASON = 120;
    private static final String SYSTEM = """
            You reorder flash-sale recommendations for one shopper of a Korean grocery shop.
            Answer with JSON only: {"order":[{"saleId":<id>,"reason":"<at most 15 words>"}]},
            best first, using only saleIds from the list.""";

    private final ChatClient chat;
    private final Duration timeout;
    private final Counter fallbacks;
    private final JsonMapper json = JsonMapper.builder().build();

    ChatClientReranker(ChatClient chat, Duration timeout, MeterRegistry meters) {
        this.chat = chat;
        this.timeout = timeout;
        this.fallbacks = meters.counter("flashsale.recommendation.llm.fallbacks");
    }

    @Override
    public Mono<List<Recommendation>> rerank(ShopperProfile profile, List<Recommendation> ranked) {
        if (ranked.size() < 2) {
            return Mono.just(ranked);
        }
        return Mono.fromCallable(() -> chat.prompt().system(SYSTEM).user(prompt(profile, ranked)).call().content())
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .map(answer -> apply(answer, ranked))
                .onErrorResume(e -> {
                    fallbacks.increment();
                    log.info("LLM re-ranking skipped, serving the in-process ranking: {}", e.toString());
                    return Mono.just(ranked);
                });
    }

    private static String prompt(ShopperProfile profile, List<Recommendation> ranked) {
        StringBuilder sb = new StringBuilder("Shopper: age band ").append(profile.ageBand())
                .append(", region ").append(profile.region())
                .append(", likes ").append(profile.preferredCategories())
                .append(", price band ").append(profile.priceBand()).append("\nCandidates (current order):\n");
        for (Recommendation r : ranked) {
            sb.append(String.format(Locale.ROOT, "- saleId %d: %s, %d KRW (%d%% off); %s%n", r.sale().id(),
                    r.sale().name(), r.sale().salePrice(), r.sale().discountRate(), r.reason()));
        }
        return sb.toString();
    }

    private List<Recommendation> apply(String answer, List<Recommendation> ranked) {
        int start = answer.indexOf('{');
        int end = answer.lastIndexOf('}');
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("answer holds no JSON object");
        }
        JsonNode order = json.readTree(answer.substring(start, end + 1)).path("order");
        Map<Long, Recommendation> left = new LinkedHashMap<>();
        ranked.forEach(r -> left.put(r.sale().id(), r));
        List<Recommendation> result = new ArrayList<>(ranked.size());
        for (JsonNode entry : order) {
            Recommendation r = left.remove(entry.path("saleId").asLong());
            if (r != null) {
                String reason = entry.path("reason").asString("").strip();
                boolean usable = !reason.isEmpty() && reason.length() <= MAX_REASON;
                result.add(new Recommendation(r.sale(), usable ? reason : r.reason(), r.score()));
            }
        }
        result.addAll(left.values());
        return result;
    }
}
