package dev.flashsale.ratelimit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import reactor.core.publisher.Mono;

/** Runs {@code lua/rate_limit.lua}: one atomic call per check, by SHA (reloaded on NOSCRIPT by the template). */
final class TokenBuckets {

    /** A check's result; {@code waitMillis} and {@code limit} only matter when refused. */
    record Decision(boolean allowed, long waitMillis, Limit limit) {

        static final Decision ALLOWED = new Decision(true, 0, null);
    }

    /** Which bucket was empty: a bounded metric tag. */
    enum Limit {
        SHOPPER, IP, BOTH;

        static Limit of(long which) {
            return which == 1 ? SHOPPER : which == 2 ? IP : BOTH;
        }

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Read once, as text: a script made from the resource checks the file's last-modified time on every
     * call, and inside the packaged jar that check throws (and catches) a FileNotFoundException each time.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> SCRIPT = RedisScript.of(source("lua/rate_limit.lua"), List.class);

    private final ReactiveStringRedisTemplate redis;
    private final RateLimitProperties props;
    private final String generationMillis;

    TokenBuckets(ReactiveStringRedisTemplate redis, RateLimitProperties props) {
        this.redis = redis;
        this.props = props;
        this.generationMillis = String.valueOf(props.generationMillis());
    }

    /**
     * Every key of one sale's buckets, built here only: both share the sale's hash tag, so one
     * script touches one Redis Cluster slot (the slot of the engine's {@code fs:{saleId}:...} keys),
     * under a prefix of their own because the engine's key layout is the engine's alone.
     */
    static List<String> keys(long saleId) {
        String prefix = "rl:{" + saleId + "}:";
        return List.of(prefix + "0", prefix + "1");
    }

    /** Takes a token from both buckets or from neither; {@code shopper} or {@code address} may be "" (no bucket). */
    Mono<Decision> take(RateLimitScope scope, long saleId, String shopper, String address, String nowOverride) {
        RateLimitProperties.Bucket s = props.shopper();
        RateLimitProperties.Bucket i = props.ip();
        return redis.execute(SCRIPT, keys(saleId), List.of(scope.code(), shopper, address,
                        String.valueOf(s.capacity()), String.valueOf(s.refillPerSecond()),
                        String.valueOf(i.capacity()), String.valueOf(i.refillPerSecond()),
                        generationMillis, nowOverride))
                .next()
                .map(TokenBuckets::decision);
    }

    private static String source(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing script " + path, e);
        }
    }

    private static Decision decision(List<?> reply) {
        if ((Long) reply.get(0) == 1) {
            return Decision.ALLOWED;
        }
        return new Decision(false, (Long) reply.get(1), Limit.of((Long) reply.get(2)));
    }
}
