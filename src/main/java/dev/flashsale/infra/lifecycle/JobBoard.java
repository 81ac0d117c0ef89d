package dev.flashsale.infra.lifecycle;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The job status of every instance, shared through one Redis hash ({@code fs:jobs}: instance -> its
 * jobs as JSON, with the time it wrote them). Each instance writes its own entry every
 * {@code publish-every}; readers skip entries older than three of those, so a dead instance drops out
 * of the list, and delete entries older than an hour. No key with a TTL: Redis's expiry sampling is
 * reserved for the holds' shadow keys (DESIGN.md).
 */
@Component
public class JobBoard extends BackgroundTask {

    /** One instance's jobs as last written. */
    public record InstanceJobs(String instance, Instant writtenAt, List<JobStatus> jobs) {
    }

    static final String KEY = "fs:jobs";
    private static final Logger log = LoggerFactory.getLogger(JobBoard.class);

    private final Jobs jobs;
    private final InstanceEntries<InstanceJobs> entries;
    private final JobProperties props;
    private final Clock clock;

    JobBoard(Jobs jobs, ReactiveStringRedisTemplate redis, JsonMapper json, JobProperties props, Clock clock) {
        this.jobs = jobs;
        this.entries = new InstanceEntries<>(redis, json, KEY, InstanceJobs.class, InstanceJobs::instance,
                InstanceJobs::writtenAt);
        this.props = props;
        this.clock = clock;
    }

    @Override
    protected Disposable begin() {
        Disposable first = publish().onErrorResume(e -> Mono.empty()).subscribe();
        return reactor.core.Disposables.composite(first, every(props.publishEvery(), this::publish, log, "Job status"));
    }

    /** Writes this instance's jobs. */
    Mono<Boolean> publish() {
        return jobs.local().flatMap(list -> entries.write(new InstanceJobs(jobs.instance(), clock.instant(), list)));
    }

    /** Every live instance's jobs, this one's fresh; entries of long-gone instances are deleted on the way. */
    public Mono<List<InstanceJobs>> all() {
        Instant now = clock.instant();
        Instant alive = now.minus(props.publishEvery().multipliedBy(3));
        return publish().onErrorResume(e -> Mono.just(false))
                .thenMany(entries.since(alive, now))
                .sort(Comparator.comparing(InstanceJobs::instance))
                .collectList();
    }
}
