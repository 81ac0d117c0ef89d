package dev.flashsale.recommendation.llm;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.flashsale.recommendation.RecommendationProperties;

@Configuration(proxyBeanMethods = false)
class RerankerConfig {

    /** Off unless configured: the sale must never depend on an outside AI service. */
    @Bean
    Reranker reranker(RecommendationProperties props) {
        return props.llm().enabled() ? ChatClientReranker.openAi(props.llm()) : Reranker.NONE;
    }
}
