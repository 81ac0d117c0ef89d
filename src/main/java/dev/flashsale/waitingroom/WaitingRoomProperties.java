package dev.flashsale.waitingroom;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.flashsale.infra.web.ShedSettings;

/**
 * Settings shared by every sale's waiting room ({@code flashsale.waiting-room.*}); the per-sale ones
 * ({@link RoomSettings}) are set through the admin API.
 *
 * @param tickInterval   how often every instance runs each open room's admission tick; admissions are
 *                       paced across each second by it, and the wait estimate is good to about half of it
 * @param settingsRefresh how often every instance re-reads the rooms' settings from Postgres (an
 *                       admin change reaches the instance that made it at once, the others within this)
 * @param marginPercent  admitted-and-unused shoppers may exceed the units left by this percentage
 *                       (shoppers who are admitted but do not buy)
 * @param leaveAfter     a queued shopper who has not polled for this long leaves the queue
 * @param joinShedding   the join path's in-flight limit, apart from the reserve path's (defaults:
 *                       {@link ShedSettings})
 * @param tokenSecret    key for admission tokens when the service validates bearer tokens against a JWK
 *                       set (no HS256 secret of its own to derive one from); at least 32 bytes
 */
@ConfigurationProperties("flashsale.waiting-room")
record WaitingRoomProperties(
        @DefaultValue("100ms") Duration tickInterval,
        @DefaultValue("1s") Duration settingsRefresh,
        @DefaultValue("10") int marginPercent,
        @DefaultValue("30s") Duration leaveAfter,
        @DefaultValue @NestedConfigurationProperty ShedSettings joinShedding,
        String tokenSecret) {
}
