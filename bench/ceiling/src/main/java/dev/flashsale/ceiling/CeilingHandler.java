package dev.flashsale.ceiling;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.lettuce.core.KeyValue;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * The ceiling's three calls. Reserve is one EVALSHA of the product's lua/reserve.lua with the same
 * keys (fs:{saleId}:..., as the product's SaleKeys builds them) and arguments as the product's engine,
 * answered 201 or with the product's problem slugs. Holds are never expired or released here: each
 * benchmark scenario uses a fresh sale, and the shadow keys' TTLs still cost Redis what they cost the
 * product's Redis.
 */
final class CeilingHandler {

    record ReserveRequest(Integer quantity) {
    }

    record SaleRequest(Integer totalQuantity, Integer perUserLimit) {
    }

    /** The product's reservation view, same fields. */
    record Reservation(String id, long saleId, int quantity, String status, Instant createdAt, Instant expiresAt) {
    }

    private static final String PROBLEMS = "https://flashsale.dev/problems/";
    private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(SecureRandom::new);

    private final RedisReactiveCommands<String, String> redis;
    private final long holdMillis;
    /** The product's default flashsale.reservation.max-holds-per-shopper. */
    private static final String MAX_HOLDS_PER_SHOPPER = "20";
    private final Scripts.Script reserve = Scripts.read("reserve");
    private final Scripts.Script initSale = Scripts.read("init_sale");

    CeilingHandler(RedisReactiveCommands<String, String> redis, long holdMillis) {
        this.redis = redis;
        this.holdMillis = holdMillis;
    }

    Mono<ServerResponse> reserve(ServerRequest request) {
        long saleId;
        try {
            saleId = Long.parseLong(request.pathVariable("saleId"));
        } catch (NumberFormatException e) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "sale id is not a number", Map.of());
        }
        String shopper = Shopper.of(request.headers().firstHeader("Authorization"));
        if (shopper == null) {
            return ServerResponse.status(HttpStatus.UNAUTHORIZED).build();
        }
        String key = request.headers().firstHeader("Idempotency-Key");
        return request.bodyToMono(ReserveRequest.class)
                .flatMap(body -> body.quantity() == null || body.quantity() < 1
                        ? problem(HttpStatus.BAD_REQUEST, "invalid-request", "quantity must be a positive number", Map.of())
                        : reserve(saleId, shopper, body.quantity(), key))
                .switchIfEmpty(Mono.defer(() -> problem(HttpStatus.BAD_REQUEST, "invalid-request", "body required", Map.of())))
                .onErrorResume(org.springframework.web.server.ServerWebInputException.class,
                        e -> problem(HttpStatus.BAD_REQUEST, "invalid-request", "body is not {\"quantity\": n}", Map.of()));
    }

    private Mono<ServerResponse> reserve(long saleId, String shopper, int quantity, String idempotencyKey) {
        String prefix = "fs:{" + saleId + "}:";
        String holdId = holdId(saleId);
        String[] keys = {prefix + "stock", prefix + "deadlines", prefix + "users", prefix + "idem", prefix + "events",
                prefix + "hold:" + holdId, prefix + "shadow:" + holdId, prefix + "u:" + shopper, prefix + "made",
                prefix + "offers"};
        return Scripts.run(redis, reserve, keys, holdId, shopper, String.valueOf(quantity),
                        idempotencyKey == null ? "" : idempotencyKey, String.valueOf(holdMillis), "", MAX_HOLDS_PER_SHOPPER)
                .flatMap(r -> switch (((Long) r.get(0)).intValue()) {
                    case 1 -> created(new Reservation((String) r.get(1), saleId, quantity, "HELD",
                            Instant.ofEpochMilli((Long) r.get(2)), Instant.ofEpochMilli((Long) r.get(3))));
                    case 2 -> created(new Reservation((String) r.get(1), saleId, quantity, "HELD", null, null));
                    case -1 -> problem(HttpStatus.CONFLICT, "sold-out",
                            "All units of this sale are taken. Units return if holds are released or expire.",
                            Map.of("available", r.get(1)));
                    case -2 -> problem(HttpStatus.CONFLICT, "limit-exceeded", "Per-shopper limit reached.", Map.of("yours", r.get(1)));
                    case -3 -> problem(HttpStatus.CONFLICT, "sale-not-active", "This sale is not open.", Map.of());
                    default -> problem(HttpStatus.NOT_FOUND, "sale-not-found", "No such sale.", Map.of());
                });
    }

    /** The product's stock view of a sale: {saleId, available, held, sold, total}. */
    Mono<ServerResponse> stock(ServerRequest request) {
        long saleId = Long.parseLong(request.pathVariable("saleId"));
        return redis.hmget("fs:{" + saleId + "}:stock", "available", "held", "sold", "total").collectList()
                .flatMap(values -> {
                    if (!values.get(0).hasValue()) {
                        return problem(HttpStatus.NOT_FOUND, "sale-not-found", "No such sale.", Map.of());
                    }
                    Map<String, Object> view = new LinkedHashMap<>();
                    view.put("saleId", saleId);
                    for (KeyValue<String, String> v : values) {
                        view.put(v.getKey(), Long.parseLong(v.getValue()));
                    }
                    return ServerResponse.ok().bodyValue(view);
                });
    }

    /** A sale of {@code totalQuantity} units open from a minute ago for an hour: the product's init_sale.lua. */
    Mono<ServerResponse> createSale(ServerRequest request) {
        return request.bodyToMono(SaleRequest.class).flatMap(body -> redis.incr("ceiling:sale-id").flatMap(id -> {
            long now = System.currentTimeMillis();
            return Scripts.run(redis, initSale, new String[] {"fs:{" + id + "}:stock", "fs:{" + id + "}:deadlines",
                            "fs:{" + id + "}:users", "fs:{" + id + "}:events"}, String.valueOf(body.totalQuantity()),
                            String.valueOf(now - 60_000), String.valueOf(now + 3_600_000),
                            String.valueOf(body.perUserLimit() == null ? 1 : body.perUserLimit()))
                    .then(ServerResponse.created(URI.create("/api/sales/" + id)).bodyValue(Map.of("id", id)));
        }));
    }

    Mono<ServerResponse> health(ServerRequest request) {
        return redis.ping().flatMap(pong -> ServerResponse.ok().bodyValue(Map.of("status", "UP")));
    }

    private static Mono<ServerResponse> created(Reservation view) {
        return ServerResponse.created(URI.create("/api/reservations/" + view.id())).bodyValue(view);
    }

    private static Mono<ServerResponse> problem(HttpStatus status, String slug, String detail, Map<String, Object> properties) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(PROBLEMS + slug));
        properties.forEach(problem::setProperty);
        return ServerResponse.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).bodyValue(problem);
    }

    /** As the product's HoldId: the sale id, a dash and 128 random bits in hex. */
    private static String holdId(long saleId) {
        byte[] bytes = new byte[16];
        RANDOM.get().nextBytes(bytes);
        return saleId + "-" + HexFormat.of().formatHex(bytes);
    }
}
