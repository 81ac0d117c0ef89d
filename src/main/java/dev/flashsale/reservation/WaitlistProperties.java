package dev.flashsale.reservation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param claimWindow how long an offered shopper alone may reserve the unit offered to them before the
 *                    offer moves on to the next in line (ends earlier if the sale ends first)
 */
@ConfigurationProperties("flashsale.waitlist")
record WaitlistProperties(@DefaultValue("3m") Duration claimWindow) {

    static final Duration DEFAULT_CLAIM_WINDOW = Duration.ofMinutes(3);

    WaitlistProperties {
        if (claimWindow.isZero() || claimWindow.isNegative()) {
            throw new IllegalArgumentException("flashsale.waitlist.claim-window must be positive, was " + claimWindow);
        }
    }
}
