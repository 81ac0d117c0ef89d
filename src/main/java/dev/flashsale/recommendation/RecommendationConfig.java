package dev.flashsale.recommendation;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.flashsale.recommendation.engine.HybridRanker;
import dev.flashsale.recommendation.engine.KoreanText;
import dev.flashsale.recommendation.engine.ModelSettings;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecommendationProperties.class)
class RecommendationConfig {

    @Bean
    ModelSettings modelSettings(RecommendationProperties props) {
        return new ModelSettings(props.neighbours(), props.historyCap());
    }

    /** One analyzer for the application: loading nori's dictionary is the expensive part. */
    @Bean
    KoreanText koreanText() {
        return new KoreanText();
    }

    @Bean
    HybridRanker hybridRanker(ModelSettings settings) {
        return new HybridRanker(settings);
    }
}
