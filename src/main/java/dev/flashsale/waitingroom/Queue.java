package dev.flashsale.waitingroom;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.flashsale.catalog.Sale;
import dev.flashsale.reservation.EngineCommands;
import dev.flashsale.reservation.LuaScripts;
import reactor.core.publisher.Mono;

/**
 * The waiting room's Redis side: one queue script per transition ({@code lua/queue_*.lua}), run by
 * the engine's script runner on the engine's connection. {@code now} is '' in production (Redis
 * TIME, so every instance agrees); tests pass a time.
 */
@Component
class Queue {

    /**
     * The reply of queue_admit; {@code waits} holds, for each shopper admitted now who was shown a wait
     * estimate, the estimate and the actual wait in ms (estimate, actual, estimate, actual, ...);
     * {@code soldOut}: no unit is left, so every queued ticket reads {@code SOLD_OUT}.
     */
    record Tick(long admitted, long expired, long left, long queued, long admittedUnused, List<Long> waits, boolean soldOut) {
    }

    /** The published draw: the commitment, and the seed with the pre-queue's size once drawn. */
    record Draw(String seedSha256, String seed, Instant shuffledAt, Long entrants) {
    }

    private static final LuaScripts.Script JOIN = LuaScripts.read("queue_join");
    private static final LuaScripts.Script TICKET = LuaScripts.read("queue_ticket");
    private static final LuaScripts.Script ADMIT = LuaScripts.read("queue_admit");
    private static final LuaScripts.Script CONSUME = LuaScripts.read("queue_consume");
    private static final LuaScripts.Script COMMIT = LuaScripts.read("queue_commit");
    private static final LuaScripts.Script WATCH = LuaScripts.read("queue_watch");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final EngineCommands redis;
    private final LuaScripts scripts;
    /** The admission tick's interval: queue_admit paces by it, and the wait estimate counts it. */
    private final String tickMillis;

    Queue(EngineCommands redis, WaitingRoomProperties props) {
        this.redis = redis;
        this.scripts = new LuaScripts(redis);
        this.tickMillis = String.valueOf(props.tickInterval().toMillis());
    }

    /** The shopper's ticket after joining (the same ticket if already in), or QUEUE_CLOSED. */
    Mono<QueueReply> join(Sale sale, RoomSettings room, String shopper, String now) {
        String[] seed = candidateSeed();
        return scripts.run(JOIN, QueueKeys.of(sale.id()).room(), shopper, ms(opensAt(sale, room)), ms(sale.startsAt()),
                ms(sale.endsAt()), String.valueOf(sale.totalQuantity()), seed[0], seed[1], now,
                String.valueOf(room.admitPerSecond()), tickMillis).map(QueueReply::of);
    }

    /** The shopper's ticket (a poll: keeps a queued shopper's place), or NO_TICKET. */
    Mono<QueueReply> ticket(Sale sale, RoomSettings room, String shopper, String now) {
        return scripts.run(TICKET, QueueKeys.of(sale.id()).room(), shopper, String.valueOf(sale.totalQuantity()), now,
                String.valueOf(room.admitPerSecond()), tickMillis).map(QueueReply::of);
    }

    /** The tickets of those of {@code shoppers} who have one (a heartbeat for the queued ones), by shopper. */
    Mono<Map<String, QueueReply>> watch(Sale sale, RoomSettings room, List<String> shoppers, String now) {
        String[] args = new String[shoppers.size() + 4];
        args[0] = String.valueOf(sale.totalQuantity());
        args[1] = String.valueOf(room.admitPerSecond());
        args[2] = tickMillis;
        args[3] = now;
        for (int i = 0; i < shoppers.size(); i++) {
            args[i + 4] = shoppers.get(i);
        }
        return scripts.run(WATCH, QueueKeys.of(sale.id()).room(), args).map(r -> {
            Map<String, QueueReply> tickets = new java.util.LinkedHashMap<>();
            for (int i = 0; i + 6 < r.size(); i += 7) {
                tickets.put((String) r.get(i), QueueReply.fields(r, i + 1));
            }
            return tickets;
        });
    }

    /** One admission tick of a sale's room. */
    Mono<Tick> admit(Sale sale, RoomSettings room, int marginPercent, long leaveAfterMillis, String now) {
        QueueKeys keys = QueueKeys.of(sale.id());
        String[] k = java.util.Arrays.copyOf(keys.room(), 9);
        k[8] = keys.log();
        String[] seed = candidateSeed();
        return scripts.run(ADMIT, k, ms(opensAt(sale, room)), ms(sale.startsAt()), String.valueOf(room.admitPerSecond()),
                        String.valueOf(room.admissionTtl().toMillis()), String.valueOf(marginPercent),
                        String.valueOf(leaveAfterMillis), String.valueOf(sale.totalQuantity()), seed[0], seed[1], now, tickMillis)
                .map(r -> new Tick((Long) r.get(0), (Long) r.get(1), (Long) r.get(2), (Long) r.get(3), (Long) r.get(4),
                        ((List<?>) r.get(5)).stream().map(Long.class::cast).toList(), (Long) r.get(6) == 1L));
    }

    /**
     * Spends the shopper's admission {@code jti} (null: no valid token) on a reserve; the reply's code
     * says whether it may go on (a waitlist offer holder may without one).
     */
    Mono<QueueCode> consume(long saleId, String shopper, String jti, String idempotencyKey, String now) {
        QueueKeys keys = QueueKeys.of(saleId);
        return scripts.run(CONSUME, new String[] {keys.state(), keys.admitted(), keys.offers()}, shopper,
                jti == null ? "" : jti, idempotencyKey == null ? "" : idempotencyKey, now).map(r -> QueueCode.of(r.get(0)));
    }

    /** Commits the seed of the room's draw (if none is yet): its SHA-256 is public from now on. */
    Mono<String> commitSeed(long saleId) {
        String[] seed = candidateSeed();
        return scripts.run(COMMIT, new String[] {QueueKeys.of(saleId).meta()}, seed[0], seed[1]).map(r -> (String) r.get(1));
    }

    /** The draw as published: a read, no transition. */
    Mono<Draw> draw(long saleId) {
        return redis.commands().hmget(QueueKeys.of(saleId).meta(), "seedSha256", "seed", "shuffledAt", "entrants")
                .collectList()
                .map(values -> {
                    String shuffledAt = values.get(2).getValueOrElse(null);
                    boolean drawn = shuffledAt != null;
                    return new Draw(values.get(0).getValueOrElse(null), drawn ? values.get(1).getValueOrElse(null) : null,
                            drawn ? Instant.ofEpochMilli(Long.parseLong(shuffledAt)) : null,
                            drawn ? Long.valueOf(values.get(3).getValue()) : null);
                });
    }

    /**
     * The operator's view of a room: reads only. {@code abandoned} counts shoppers who were admitted but
     * did not reserve in time, or left without a heartbeat; {@code estimates} admitted shoppers who had
     * been shown a wait estimate, {@code estimatesWithin} those whose actual wait was within 20 % of it.
     */
    record Live(long queued, long admittedUnused, long admissions, Long entrants, long abandoned, long estimates,
            long estimatesWithin, Map<Long, Long> admittedPerSecond) {
    }

    /** Queue sizes now, and the admissions of each of the last 60 seconds (epoch second -> count). */
    Mono<Live> live(long saleId, long nowSecond) {
        QueueKeys keys = QueueKeys.of(saleId);
        var redis = this.redis.commands();
        String[] seconds = java.util.stream.LongStream.rangeClosed(nowSecond - 59, nowSecond).mapToObj(String::valueOf)
                .toArray(String[]::new);
        Mono<Map<Long, Long>> perSecond = redis.hmget(keys.log(), seconds)
                .filter(kv -> kv.hasValue())
                .collectMap(kv -> Long.valueOf(kv.getKey()), kv -> Long.valueOf(kv.getValue()), java.util.TreeMap::new);
        Mono<List<io.lettuce.core.KeyValue<String, String>>> meta = redis
                .hmget(keys.meta(), "admissions", "entrants", "expired", "left", "estimates", "estimatesWithin").collectList();
        return Mono.zip(redis.zcard(keys.queue()), redis.zcard(keys.admitted()), meta, perSecond).map(t -> {
            List<io.lettuce.core.KeyValue<String, String>> m = t.getT3();
            return new Live(t.getT1(), t.getT2(), count(m.get(0)), m.get(1).hasValue() ? Long.valueOf(m.get(1).getValue()) : null,
                    count(m.get(2)) + count(m.get(3)), count(m.get(4)), count(m.get(5)), t.getT4());
        });
    }

    private static long count(io.lettuce.core.KeyValue<String, String> field) {
        return Long.parseLong(field.getValueOrElse("0"));
    }

    /** Admissions made in each second (epoch second -> count): the rate's audit log. */
    Mono<Map<String, String>> admissionLog(long saleId) {
        return redis.commands().hgetall(QueueKeys.of(saleId).log())
                .collectMap(kv -> kv.getKey(), kv -> kv.getValue());
    }

    /** Deletes every key of a sale's room (after the sale ended). */
    Mono<Long> delete(long saleId) {
        return redis.commands().unlink(QueueKeys.of(saleId).owned());
    }

    static Instant opensAt(Sale sale, RoomSettings room) {
        return room.opensAt() == null ? sale.startsAt() : room.opensAt();
    }

    static String sha256(String seed) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 32 random bytes as 64 hex digits, and their SHA-256: kept by the room's first script call only. */
    private static String[] candidateSeed() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String seed = HexFormat.of().formatHex(bytes);
        return new String[] {seed, sha256(seed)};
    }

    private static String ms(Instant t) {
        return String.valueOf(t.toEpochMilli());
    }

    /**
     * A ticket script's reply (ticket_view in lua/lib/queue.lua); {@code estimateMillis} is the wait told
     * to a queued shopper, -1 when there is none (not waiting, or placed beyond the units left).
     */
    record QueueReply(QueueCode code, long ticket, String status, long rank, String jti, long deadline, long estimateMillis) {

        /** From {code, ticket, status, rank, jti, deadline, estimate}. */
        static QueueReply of(List<Object> r) {
            QueueCode code = QueueCode.of(r.get(0));
            return code == QueueCode.OK ? fields(r, 1) : new QueueReply(code, 0, null, -1, "", 0, -1);
        }

        /** An OK reply from its six fields (ticket ... estimate) starting at {@code at}. */
        static QueueReply fields(List<Object> r, int at) {
            return new QueueReply(QueueCode.OK, (Long) r.get(at), (String) r.get(at + 1), (Long) r.get(at + 2),
                    (String) r.get(at + 3), (Long) r.get(at + 4), (Long) r.get(at + 5));
        }
    }
}
