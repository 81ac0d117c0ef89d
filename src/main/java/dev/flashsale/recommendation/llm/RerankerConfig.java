package dev.flashsale.recommendation.llm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.flashsale.recommendation.RecommendationProperties;
import io.micrometer.core.instrument.MeterRegistry;

@Configuration(proxyBeanMethods = false)
class RerankerConfig {

    private static final Logger log = LoggerFactory.getLogger(RerankerConfig.class);

    /**
     * Off unless switched on and a Spring AI chat model is present (a provider starter such as
     * {@code spring-ai-starter-model-openai} with its {@code spring.ai.*} settings): the sale must
     * never depend on an outside AI service.
     */
    @Bean
    Reranker reranker(RecommendationProperties props, ObjectProvider<ChatModel> models, MeterRegistry meters) {
        if (!props.llm().enabled()) {
            return Reranker.NONE;
        }
        ChatModel model = models.getIfUnique();
        if (model == null) {
            log.warn("flashsale.recommendation.llm.enabled is set but there is no (single) Spring AI ChatModel; "
                    + "serving the in-process ranking only");
            return Reranker.NONE;
        }
        return new ChatClientReranker(ChatClient.create(model), props.llm().timeout(), meters);
    }
}
