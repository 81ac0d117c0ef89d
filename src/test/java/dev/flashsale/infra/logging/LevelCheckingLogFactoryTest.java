package dev.flashsale.infra.logging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

class LevelCheckingLogFactoryTest {

    /** A message that counts its renderings, as Spring's LogMessage renders itself in toString. */
    private static final class CountedMessage {
        final AtomicInteger rendered = new AtomicInteger();

        @Override
        public String toString() {
            rendered.incrementAndGet();
            return "rendered";
        }
    }

    @Test
    void commonsLoggingFindsTheFactoryByItsServiceLookup() {
        assertThat(LogFactory.getFactory()).isInstanceOf(LevelCheckingLogFactory.class);
        assertThat(LogFactory.getLog(getClass())).isInstanceOf(LevelCheckingLog.class);
    }

    @Test
    void aMessageBelowTheEnabledLevelIsNeverRendered() {
        // trace is off and info on, under Logback's defaults and under Spring Boot's
        Log log = LogFactory.getLog("dev.flashsale.infra.logging.test");
        assertThat(log.isTraceEnabled()).isFalse();
        CountedMessage message = new CountedMessage();

        log.trace(message);
        log.trace(message, new IllegalStateException("not logged"));
        assertThat(message.rendered).hasValue(0);

        log.info(message);
        assertThat(message.rendered).hasValue(1);
    }
}
