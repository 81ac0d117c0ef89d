package dev.flashsale.waitingroom;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.SaleQueries;
import dev.flashsale.infra.audit.AuditTrail;
import dev.flashsale.infra.problem.ApiException;
import dev.flashsale.infra.problem.ProblemType;
import reactor.core.publisher.Mono;

/**
 * The rooms' settings, kept in memory so that the reserve path asks no database whether a sale has
 * a room: reloaded from Postgres every {@code settings-refresh} by {@link AdmissionTicker}, and at
 * once on the instance that saved a change.
 */
@Component
class WaitingRooms {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(WaitingRooms.class);

    private static final Duration MIN_TTL = Duration.ofSeconds(5);
    private static final Duration MAX_TTL = Duration.ofHours(1);

    private final WaitingRoomStore store;
    private final SaleQueries sales;
    private final AuditTrail audit;
    private final AdmissionTokens tokens;
    private final Queue queue;
    private volatile Map<Long, RoomSettings> rooms = Map.of();
    private volatile Instant loadedAt = Instant.EPOCH;
    private volatile boolean everLoaded;

    WaitingRooms(WaitingRoomStore store, SaleQueries sales, AuditTrail audit, AdmissionTokens tokens, Queue queue) {
        this.queue = queue;
        this.store = store;
        this.sales = sales;
        this.audit = audit;
        this.tokens = tokens;
    }

    /** The room of a sale if it is enabled. */
    Optional<RoomSettings> enabled(long saleId) {
        return Optional.ofNullable(rooms.get(saleId)).filter(RoomSettings::enabled);
    }

    /** The room of a sale, enabled or not. */
    Optional<RoomSettings> room(long saleId) {
        return Optional.ofNullable(rooms.get(saleId));
    }

    Iterable<RoomSettings> all() {
        return rooms.values();
    }

    /**
     * Reloads the settings when the last load is older than {@code age}. A failed load (Postgres down)
     * keeps the settings this instance has: the rooms go on admitting and guarding the reserve.
     */
    Mono<Void> refreshIfOlderThan(Duration age, Instant now) {
        if (loadedAt.plus(age).isAfter(now)) {
            return Mono.empty();
        }
        return store.all().doOnNext(list -> {
            rooms = byId(list);
            loadedAt = now;
            everLoaded = true;
        }).then().onErrorResume(e -> {
            log.warn("Waiting-room settings not reloaded, keeping the last ones: {}", e.toString());
            return Mono.empty();
        });
    }

    /**
     * Completes once the settings were loaded at least once (at once after that): the gate never
     * guesses. Until a first load succeeds (Postgres down since start-up) reserves answer 503 with
     * {@code Retry-After}: letting them through would skip every room.
     */
    Mono<Void> loaded() {
        return !everLoaded ? store.all().doOnNext(list -> {
            if (!everLoaded) {
                rooms = byId(list);
                everLoaded = true;
            }
        }).then().onErrorMap(e -> !(e instanceof ApiException), e -> ApiException.retryLater(ProblemType.SERVICE_UNAVAILABLE,
                "Waiting-room settings not loaded yet.", Duration.ofSeconds(1))) : Mono.empty();
    }

    /**
     * Validates and saves a sale's room, audited; answers what was saved. Enabling commits the draw's
     * seed first, so its SHA-256 is published before the first join.
     */
    Mono<RoomSettings> save(long saleId, RoomSettings.Request request) {
        return sales.sale(saleId).flatMap(sale -> {
            RoomSettings room = validated(sale, request);
            RoomSettings before = rooms.get(saleId);
            Mono<String> commit = room.enabled() ? queue.commitSeed(saleId) : Mono.empty();
            return commit.then(store.save(room)).flatMap(saved -> {
                Map<Long, RoomSettings> next = new ConcurrentHashMap<>(rooms);
                next.put(saleId, saved);
                rooms = Map.copyOf(next);
                return audit.record("waiting-room.update", "sale/" + saleId, before, saved).thenReturn(saved);
            });
        });
    }

    private static Map<Long, RoomSettings> byId(java.util.List<RoomSettings> list) {
        return list.stream().collect(Collectors.toUnmodifiableMap(RoomSettings::saleId, Function.identity()));
    }

    private RoomSettings validated(Sale sale, RoomSettings.Request r) {
        if (r.enabled() == null) {
            throw ApiException.invalidField("enabled", "must not be null");
        }
        if (r.admitPerSecond() == null || r.admitPerSecond() < 1 || r.admitPerSecond() > 100_000) {
            throw ApiException.invalidField("admitPerSecond", "must be between 1 and 100000");
        }
        if (r.admissionTtl() == null || r.admissionTtl().compareTo(MIN_TTL) < 0 || r.admissionTtl().compareTo(MAX_TTL) > 0) {
            throw ApiException.invalidField("admissionTtl", "must be between PT5S and PT1H");
        }
        if (r.opensAt() != null && r.opensAt().isAfter(sale.startsAt())) {
            throw ApiException.invalidField("opensAt", "must not be after the sale's startsAt " + sale.startsAt());
        }
        if (r.enabled() && !tokens.available()) {
            throw ApiException.invalidField("enabled", "admission tokens need flashsale.waiting-room.token-secret "
                    + "when bearer tokens are validated against a JWK set");
        }
        return new RoomSettings(sale.id(), r.enabled(), r.opensAt(), r.admitPerSecond(), r.admissionTtl());
    }
}
