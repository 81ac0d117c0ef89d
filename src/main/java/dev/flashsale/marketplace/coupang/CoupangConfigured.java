package dev.flashsale.marketplace.coupang;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** True when both Coupang keys are set and not blank (an unset env var arrives as an empty string). */
public class CoupangConfigured implements Condition {

    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
        var env = context.getEnvironment();
        return !env.getProperty("flashsale.marketplace.coupang.access-key", "").isBlank()
                && !env.getProperty("flashsale.marketplace.coupang.secret-key", "").isBlank();
    }
}
