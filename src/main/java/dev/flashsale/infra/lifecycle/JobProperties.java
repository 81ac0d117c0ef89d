package dev.flashsale.infra.lifecycle;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Background-job status ({@code GET /admin/api/jobs}).
 *
 * @param staleAfterPeriods a job is STALE when no pass has finished for this many of its periods...
 * @param staleAtLeast      ...and for at least this long (a 200 ms sweeper is not stale after 600 ms of GC)
 * @param publishEvery      how often each instance writes its jobs' status to Redis; an instance not heard
 *                          from for three of these drops out of the list
 */
@ConfigurationProperties("flashsale.jobs")
public record JobProperties(@DefaultValue("3") int staleAfterPeriods, @DefaultValue("10s") Duration staleAtLeast,
        @DefaultValue("5s") Duration publishEvery) {

    Duration staleAfter(Duration period) {
        Duration periods = period.multipliedBy(staleAfterPeriods);
        return periods.compareTo(staleAtLeast) > 0 ? periods : staleAtLeast;
    }
}
