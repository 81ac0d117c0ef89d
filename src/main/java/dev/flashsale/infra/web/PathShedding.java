package dev.flashsale.infra.web;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

import com.netflix.concurrency.limits.Limiter;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limiter.SimpleLimiter;

import dev.flashsale.infra.problem.ProblemType;
import dev.flashsale.infra.problem.Problems;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Load shedding for one hot path (a feature subclasses it as a component ordered before Spring
 * Security's chain). Beyond the in-flight limit a request is answered at once with 503 {@code
 * overloaded} and {@code Retry-After}, before the token check, the body or Redis: under a spike, work
 * the JVM cannot finish in time is refused while it is still cheap, instead of queueing until every
 * shopper times out not knowing what happened. A shed request changed nothing, so its retry gets the
 * truth. The limit adapts (AIMD, {@link ShedSettings}). Meters: {@code <metric>.shed} (counter),
 * {@code <metric>.limit} and {@code <metric>.inflight} (gauges).
 */
public abstract class PathShedding implements WebFilter {

    private final HttpMethod method;
    private final PathPattern path;
    private final SimpleLimiter<Void> limiter;
    /** The shed answers, one per Retry-After from the shortest to the longest, each serialised once. */
    private final List<Shed> answers;
    private final Counter shed;

    /**
     * @param what       the requests, for meter descriptions ("Reserve requests")
     * @param nothingYet the shed answer's first words on what did not happen ("nothing was reserved")
     */
    protected PathShedding(HttpMethod method, String path, String metric, String what, String nothingYet, ShedSettings settings,
            JsonMapper json, MeterRegistry registry) {
        this.method = method;
        this.path = PathPatternParser.defaultInstance.parse(path);
        this.limiter = settings.enabled() ? SimpleLimiter.newBuilder().named(metric)
                .limit(AIMDLimit.newBuilder().initialLimit(settings.initialLimit()).minLimit(settings.minLimit())
                        .maxLimit(settings.maxLimit()).timeout(settings.latencyTarget().toNanos(), TimeUnit.NANOSECONDS)
                        .build())
                .build() : null;
        long shortest = Math.max(1, settings.retryAfter().toSeconds());
        this.answers = LongStream.rangeClosed(shortest, Math.max(shortest, settings.retryAfterMax().toSeconds()))
                .mapToObj(seconds -> new Shed(String.valueOf(seconds), json.writeValueAsBytes(Problems.of(ProblemType.OVERLOADED,
                        "Too many shoppers at this instant; " + nothingYet + ". Retry in " + seconds + " s."))))
                .toList();
        this.shed = Counter.builder(metric + ".shed")
                .description(what + " answered 503 overloaded because the in-flight limit was reached").register(registry);
        if (limiter != null) {
            Gauge.builder(metric + ".limit", limiter, SimpleLimiter::getLimit)
                    .description("Current in-flight limit of " + what.toLowerCase()).register(registry);
            Gauge.builder(metric + ".inflight", limiter, SimpleLimiter::getInflight)
                    .description(what + " in flight").register(registry);
        }
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (limiter == null || exchange.getRequest().getMethod() != method
                || !path.matches(exchange.getRequest().getPath().pathWithinApplication())) {
            return chain.filter(exchange);
        }
        Optional<Limiter.Listener> permit = limiter.acquire(null);
        if (permit.isEmpty()) {
            shed.increment();
            return answerOverloaded(exchange.getResponse());
        }
        Limiter.Listener listener = permit.get();
        return chain.filter(exchange).doFinally(signal -> {
            if (signal == SignalType.ON_COMPLETE) {
                listener.onSuccess();     // a latency sample: slower than the target shrinks the limit
            } else if (signal == SignalType.ON_ERROR) {
                listener.onDropped();     // failed (e.g. a Redis timeout): back off
            } else {
                listener.onIgnore();      // the client went away: no sample
            }
        });
    }

    private Mono<Void> answerOverloaded(ServerHttpResponse response) {
        Shed answer = answers.get(ThreadLocalRandom.current().nextInt(answers.size()));
        response.setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().set("Retry-After", answer.retryAfterSeconds());
        return response.writeWith(Mono.fromSupplier(() -> response.bufferFactory().wrap(answer.body())));
    }

    private record Shed(String retryAfterSeconds, byte[] body) {
    }
}
