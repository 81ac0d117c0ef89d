package dev.flashsale.reservation;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.flashsale.catalog.Sale;
import dev.flashsale.catalog.StockLevel;
import io.lettuce.core.KeyValue;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The reservation state machine in Redis: each transition is one atomic Lua script (see
 * {@code lua/}), so counters, the hold record and the event stream always change together.
 */
@Component
class StockEngine {

    /**
     * What a reserve call decided. {@code detail} is the available units or the shopper's units on
     * refusal; on sold-out {@code offered} is the units on offer to waitlisted shoppers.
     */
    record ReserveReply(ScriptCode code, String holdId, Instant createdAt, Instant expiresAt, long detail, long offered) {

        ReserveReply(ScriptCode code, String holdId, Instant createdAt, Instant expiresAt, long detail) {
            this(code, holdId, createdAt, expiresAt, detail, 0);
        }
    }

    /** What a release/confirm call decided; {@code state} is the hold's state when it was already closed. */
    record CloseReply(ScriptCode code, String state) {
    }

    /**
     * {@code nextDeadlineMillis} is the earliest deadline still in the sale's set, or -1 when it is
     * empty; {@code delaysMillis} holds, per expired hold, how long after its own deadline it came back.
     */
    record ExpiryReply(ScriptCode code, long expired, long nextDeadlineMillis, List<Long> delaysMillis, long offersEnded) {

        ExpiryReply(long expired, long nextDeadlineMillis, List<Long> delaysMillis) {
            this(ScriptCode.OK, expired, nextDeadlineMillis, delaysMillis, 0);
        }

        long delayMaxMillis() {
            return delaysMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    record AdjustReply(ScriptCode code, StockLevel stock, long available) {
    }

    /** A confirm's decision; {@code eventId} names the stream entry of the CONFIRMED event. */
    record ConfirmReply(ScriptCode code, String state, String eventId) {
    }

    /**
     * What a rebuild decided: counters it wrote, and the ids of ledger HELD holds whose deadline
     * passed while Redis had no trace of them (the caller expires them in the ledger).
     */
    record RebuildReply(ScriptCode code, long held, long available, long sold, List<String> lapsed) {
    }

    /** A closed hold the ledger has committed: purged from Redis if Redis has it in the same state. */
    record ClosedHold(String id, String shopper, ReservationStatus status) {
    }

    /** Default bound on holds one shopper may make in one sale (see {@link ReservationProperties}). */
    static final int MAX_HOLDS_PER_SHOPPER = 20;

    private final EngineCommands redis;
    private final LuaScripts lua;
    private final String maxHoldsPerShopper;
    private final String claimWindowMillis;
    private final WaitlistMetrics offers;
    private final LuaScripts.Script initSale = LuaScripts.read("init_sale");
    private final LuaScripts.Script reserve = LuaScripts.read("reserve");
    private final LuaScripts.Script release = LuaScripts.read("release");
    private final LuaScripts.Script confirm = LuaScripts.read("confirm");
    private final LuaScripts.Script expire = LuaScripts.read("expire");
    private final LuaScripts.Script adjust = LuaScripts.read("adjust_stock");
    private final LuaScripts.Script rebuild = LuaScripts.read("rebuild_sale");
    private final LuaScripts.Script purge = LuaScripts.read("purge_holds");
    private final LuaScripts.Script repairConfirmed = LuaScripts.read("repair_confirmed");
    /** What {@link #awaitDurable} may use on the Redis in use; detected once, again after an error. */
    private volatile Mono<Durability> durability;

    @org.springframework.beans.factory.annotation.Autowired
    StockEngine(EngineCommands redis, ReservationProperties props, WaitlistProperties waitlist, WaitlistMetrics offers) {
        this(redis, props.maxHoldsPerShopper(), waitlist.claimWindow(), offers);
    }

    StockEngine(EngineCommands redis) {
        this(redis, MAX_HOLDS_PER_SHOPPER);
    }

    StockEngine(EngineCommands redis, int maxHoldsPerShopper) {
        this(redis, maxHoldsPerShopper, WaitlistProperties.DEFAULT_CLAIM_WINDOW,
                new WaitlistMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()));
    }

    StockEngine(EngineCommands redis, int maxHoldsPerShopper, java.time.Duration claimWindow, WaitlistMetrics offers) {
        this.redis = redis;
        this.lua = new LuaScripts(redis);
        this.maxHoldsPerShopper = String.valueOf(maxHoldsPerShopper);
        this.claimWindowMillis = String.valueOf(claimWindow.toMillis());
        this.offers = offers;
    }

    /** The claim window in ms, as the scripts that make offers take it. */
    String claimWindowMillis() {
        return claimWindowMillis;
    }

    /** {@code OK} created, {@code EXISTED} window and limit updated, {@code SALE_PARTIAL} refused. */
    Mono<ScriptCode> initSale(Sale sale) {
        SaleKeys k = SaleKeys.of(sale.id());
        return lua.run(initSale, keys(k.stock(), k.deadlines(), k.users(), k.events()), String.valueOf(sale.totalQuantity()),
                String.valueOf(sale.startsAt().toEpochMilli()), String.valueOf(sale.endsAt().toEpochMilli()),
                String.valueOf(sale.perUserLimit()))
                .map(r -> ScriptCode.of(r.get(0)));
    }

    Mono<ReserveReply> reserve(long saleId, String holdId, String shopper, int quantity, String idempotencyKey,
            long holdMillis, String nowOverride) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(reserve,
                keys(k.stock(), k.deadlines(), k.users(), k.idempotency(), k.events(), k.hold(holdId),
                        k.shadow(holdId), k.shopperHolds(shopper), k.made(), k.offers()),
                holdId, shopper, String.valueOf(quantity), idempotencyKey == null ? "" : idempotencyKey,
                String.valueOf(holdMillis), nowOverride, maxHoldsPerShopper)
                .map(r -> {
                    ScriptCode code = ScriptCode.of(r.get(0));
                    return switch (code) {
                        case OK -> {
                            if ((Long) r.get(4) == 1) {
                                offers.claimed();
                            }
                            yield new ReserveReply(code, (String) r.get(1), millis(r.get(2)), millis(r.get(3)), 0);
                        }
                        case EXISTED -> new ReserveReply(code, (String) r.get(1), null, null, 0);
                        case SOLD_OUT -> new ReserveReply(code, null, null, null, (Long) r.get(1), (Long) r.get(2));
                        case LIMIT_EXCEEDED, HOLDS_EXCEEDED -> new ReserveReply(code, null, null, null, (Long) r.get(1));
                        default -> new ReserveReply(code, null, null, null, 0);
                    };
                });
    }

    Mono<CloseReply> release(long saleId, String holdId, String shopper, String owner, String reason, String nowOverride) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(release, keys(k.stock(), k.deadlines(), k.users(), k.events(), k.hold(holdId),
                        k.shadow(holdId), k.shopperHolds(shopper), k.waitlist(), k.offers()), holdId, owner, reason,
                        nowOverride, claimWindowMillis)
                .doOnNext(r -> offers.made(r.size() > 2 ? (Long) r.get(2) : 0))
                .map(StockEngine::closeReply);
    }

    Mono<ConfirmReply> confirm(long saleId, String holdId, String shopper, String payment, String nowOverride) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(confirm, keys(k.stock(), k.deadlines(), k.events(), k.hold(holdId), k.shadow(holdId),
                        k.shopperHolds(shopper)), holdId, payment, nowOverride)
                .map(r -> {
                    ScriptCode code = ScriptCode.of(r.get(0));
                    return switch (code) {
                        case OK, ALREADY_DONE -> new ConfirmReply(code, null, (String) r.get(2));
                        case HOLD_CLOSED -> new ConfirmReply(code, (String) r.get(1), null);
                        default -> new ConfirmReply(code, null, null);
                    };
                });
    }

    /** What a repair of a paid hold decided; {@code before} is the hold's Redis state before it. */
    record RepairReply(ScriptCode code, String before, long available) {
    }

    /**
     * The ledger has the hold CONFIRMED: Redis is made to agree (see {@code repair_confirmed.lua}).
     * Idempotent; {@code OVERSOLD} when its units were granted again meanwhile (nothing changed).
     */
    Mono<RepairReply> repairConfirmed(long saleId, String holdId, String shopper, String payment, String nowOverride) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(repairConfirmed, keys(k.stock(), k.deadlines(), k.users(), k.events(), k.hold(holdId),
                        k.shadow(holdId), k.shopperHolds(shopper), k.waitlist(), k.offers()), holdId,
                        payment == null ? "" : payment, nowOverride)
                .map(r -> {
                    ScriptCode code = ScriptCode.of(r.get(0));
                    return switch (code) {
                        case OK -> new RepairReply(code, (String) r.get(1), 0);
                        case ALREADY_DONE -> new RepairReply(code, "CONFIRMED", 0);
                        case OVERSOLD -> new RepairReply(code, null, (Long) r.get(1));
                        default -> new RepairReply(code, null, 0);
                    };
                });
    }

    /** How a write can be made durable beyond the Redis server's memory: AOF fsync (WAITAOF) and replicas. */
    record Durability(boolean waitAof, boolean aofEnabled) {
    }

    /** How long a payment confirm waits for WAIT/WAITAOF before the ledger write goes on regardless. */
    static final long DURABLE_WAIT_MILLIS = 1_000;

    /**
     * After a confirm in {@code saleId}: waits, on the connection that ran it (on a Redis Cluster the
     * one to the sale's master), until the write is on at least one replica ({@code WAIT 1}) and, where
     * Redis supports it (7.2+), fsynced to the local AOF too ({@code WAITAOF 1 1}). Skipped when there
     * is nothing to wait for (no replica, and no WAITAOF: Redis before 7.2 or AOF off). Answers how
     * many copies acknowledged and how many were asked for: {@code [local fsyncs, replicas, wanted
     * local fsyncs, wanted replicas]}, or {@code null} when skipped. A
     * timeout is not an error: the ledger is written next and is the truth a repair restores.
     */
    Mono<long[]> awaitDurable(long saleId) {
        return durability().flatMap(d -> redis.nodeWriting(SaleKeys.of(saleId).stock()).flatMap(node -> node.info("replication")
                .flatMap(info -> {
            int replicas = infoLong(info, "connected_slaves") > 0 ? 1 : 0;
            if (d.waitAof() && (d.aofEnabled() || replicas > 0)) {
                return node.dispatch(WaitAof.WAITAOF, new io.lettuce.core.output.ArrayOutput<>(
                                io.lettuce.core.codec.StringCodec.UTF8), new io.lettuce.core.protocol.CommandArgs<>(
                                io.lettuce.core.codec.StringCodec.UTF8).add(d.aofEnabled() ? 1 : 0).add(replicas)
                                .add(DURABLE_WAIT_MILLIS))
                        .collectList()
                        .map(r -> new long[] {(Long) r.get(0), (Long) r.get(1), d.aofEnabled() ? 1 : 0, replicas});
            }
            if (replicas > 0) {
                return node.waitForReplication(1, DURABLE_WAIT_MILLIS).map(n -> new long[] {0, n, 0, 1});
            }
            return Mono.<long[]>empty();
        }))).doOnError(e -> durability = null);
    }

    private Mono<Durability> durability() {
        Mono<Durability> known = durability;
        if (known == null) {
            known = Mono.zip(redis.commands().info("server"), redis.commands().info("persistence"), (server, persistence) -> {
                String version = infoValue(server, "redis_version");
                String[] parts = version == null ? new String[0] : version.split("\\.");
                int major = parts.length > 0 ? Integer.parseInt(parts[0]) : 0;
                int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
                return new Durability(major > 7 || (major == 7 && minor >= 2), infoLong(persistence, "aof_enabled") == 1);
            }).cache();
            durability = known;
        }
        return known;
    }

    private enum WaitAof implements io.lettuce.core.protocol.ProtocolKeyword {
        WAITAOF;

        private final byte[] bytes = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        @Override
        public byte[] getBytes() {
            return bytes;
        }
    }

    private static String infoValue(String info, String field) {
        for (String line : info.split("\r?\n")) {
            if (line.startsWith(field + ":")) {
                return line.substring(field.length() + 1).trim();
            }
        }
        return null;
    }

    private static long infoLong(String info, String field) {
        String value = infoValue(info, field);
        return value == null ? 0 : Long.parseLong(value);
    }

    /**
     * Recreates a sale's live state when its stock hash is gone or incomplete, reconciling the holds
     * Redis still has with the ledger (see {@code rebuild_sale.lua}). {@code ledger} are the ledger's
     * rows (status = the ledger's); {@code redisIds} the hold ids Redis still has, from
     * {@link #survivingHoldIds}.
     */
    Mono<RebuildReply> rebuild(Sale sale, List<Hold> ledger, java.util.Set<String> redisIds, long nowMillis) {
        SaleKeys k = SaleKeys.of(sale.id());
        List<String> args = new java.util.ArrayList<>(List.of(k.prefix(), String.valueOf(sale.totalQuantity()),
                String.valueOf(sale.startsAt().toEpochMilli()), String.valueOf(sale.endsAt().toEpochMilli()),
                String.valueOf(sale.perUserLimit()), String.valueOf(nowMillis)));
        java.util.Set<String> inLedger = new java.util.HashSet<>();
        for (Hold hold : ledger) {
            inLedger.add(hold.id());
            args.addAll(List.of(hold.id(), hold.status().name(), hold.shopper(), String.valueOf(hold.quantity()),
                    String.valueOf(hold.createdAt().toEpochMilli()), String.valueOf(hold.expiresAt().toEpochMilli())));
        }
        redisIds.stream().filter(id -> !inLedger.contains(id)).forEach(id -> args.addAll(List.of(id, "", "", "0", "0", "0")));
        return lua.run(rebuild, keys(k.stock(), k.deadlines(), k.users(), k.offers(), k.events()),
                args.toArray(String[]::new)).map(r -> {
            ScriptCode code = ScriptCode.of(r.get(0));
            return switch (code) {
                case OK -> new RebuildReply(code, (Long) r.get(1), (Long) r.get(2), (Long) r.get(3),
                        r.subList(4, r.size()).stream().map(String.class::cast).toList());
                case LEDGER_INCONSISTENT -> new RebuildReply(code, 0, (Long) r.get(1), 0, List.of());
                default -> new RebuildReply(code, 0, 0, 0, List.of());
            };
        });
    }

    /**
     * Ids of every hold hash the sale still has in Redis, plus its deadline set's members. A SCAN:
     * for rebuilds only, never on a hot path.
     */
    Mono<java.util.Set<String>> survivingHoldIds(long saleId) {
        SaleKeys k = SaleKeys.of(saleId);
        String holdPrefix = k.hold("");
        Flux<String> hashes = io.lettuce.core.ScanStream.scan(redis.commands(),
                        io.lettuce.core.ScanArgs.Builder.matches(holdPrefix + "*").limit(1_000))
                .map(key -> key.substring(holdPrefix.length()));
        return Flux.concat(hashes, redis.commands().zrange(k.deadlines(), 0, -1).filter(id -> !SaleKeys.isOffer(id)))
                .collect(java.util.stream.Collectors.toSet());
    }

    /**
     * Deletes closed holds the ledger has committed, each only if Redis has it in the ledger's state
     * (a HELD hold, or a clash between the two, stays). Returns how many were deleted, or
     * {@code SALE_PARTIAL} as a negative count when the sale must be rebuilt first.
     */
    Mono<Long> purge(long saleId, List<ClosedHold> closed) {
        if (closed.isEmpty()) {
            return Mono.just(0L);
        }
        SaleKeys k = SaleKeys.of(saleId);
        String[] keys = new String[1 + 2 * closed.size()];
        String[] args = new String[2 * closed.size()];
        keys[0] = k.stock();
        for (int i = 0; i < closed.size(); i++) {
            ClosedHold hold = closed.get(i);
            keys[1 + 2 * i] = k.hold(hold.id());
            keys[2 + 2 * i] = k.shopperHolds(hold.shopper());
            args[2 * i] = hold.id();
            args[2 * i + 1] = hold.status().name();
        }
        return lua.run(purge, keys, args).map(r -> ScriptCode.of(r.get(0)) == ScriptCode.OK ? (Long) r.get(1) : (Long) r.get(0));
    }

    /**
     * Expires the given holds if due, or with no ids the due entries from the deadline set: holds, and
     * offers past their claim window (whose units move on to the next in line).
     */
    Mono<ExpiryReply> expire(long saleId, int batch, String nowOverride, String... holdIds) {
        SaleKeys k = SaleKeys.of(saleId);
        String[] args = new String[4 + holdIds.length];
        args[0] = k.prefix();
        args[1] = nowOverride;
        args[2] = String.valueOf(batch);
        args[3] = claimWindowMillis;
        System.arraycopy(holdIds, 0, args, 4, holdIds.length);
        return lua.run(expire, keys(k.stock(), k.deadlines(), k.users(), k.events(), k.waitlist(), k.offers()), args)
                .map(r -> {
                    ScriptCode code = ScriptCode.of(r.get(0));
                    if (code != ScriptCode.OK) {
                        return new ExpiryReply(code, 0, -1, List.of(), 0);
                    }
                    offers.expired((Long) r.get(3));
                    offers.made((Long) r.get(4));
                    return new ExpiryReply(code, (Long) r.get(1), (Long) r.get(2),
                            r.subList(5, r.size()).stream().map(Long.class::cast).toList(), (Long) r.get(3));
                });
    }

    Mono<AdjustReply> adjust(long saleId, long delta, String admin) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(adjust, keys(k.stock(), k.events(), k.deadlines(), k.waitlist(), k.offers()), String.valueOf(delta),
                        admin, "", claimWindowMillis)
                .map(r -> {
                    ScriptCode code = ScriptCode.of(r.get(0));
                    if (code != ScriptCode.OK) {
                        return new AdjustReply(code, null, r.size() > 1 ? (Long) r.get(1) : 0);
                    }
                    offers.made((Long) r.get(6));
                    return new AdjustReply(code, new StockLevel((Long) r.get(1), (Long) r.get(2), (Long) r.get(3),
                            (Long) r.get(4), (Long) r.get(5)), (Long) r.get(1));
                });
    }

    /** The hold, or empty if there is none with that id in that sale. */
    Mono<Hold> hold(long saleId, String holdId) {
        return redis.commands().hgetall(SaleKeys.of(saleId).hold(holdId))
                .collectMap(KeyValue::getKey, KeyValue::getValue)
                .filter(fields -> fields.containsKey("state"))
                .map(fields -> Hold.from(holdId, saleId, fields));
    }

    /** Hold ids in the deadline set (its offer members left out). */
    Mono<List<String>> heldIds(long saleId) {
        return redis.commands().zrange(SaleKeys.of(saleId).deadlines(), 0, -1).filter(id -> !SaleKeys.isOffer(id))
                .collectList();
    }

    /** The earliest deadline in the sale's deadline set (ms), or empty when it has none. */
    Mono<Long> earliestDeadline(long saleId) {
        return redis.commands().zrangeWithScores(SaleKeys.of(saleId).deadlines(), 0, 0).next()
                .map(scored -> (long) scored.getScore());
    }

    /** True when the sale's stock hash exists with every field (false when missing or partial). */
    Mono<Boolean> stockComplete(long saleId) {
        return redis.commands().hmget(SaleKeys.of(saleId).stock(), STOCK_FIELDS)
                .all(KeyValue::hasValue).zipWith(redis.commands().exists(SaleKeys.of(saleId).stock()),
                        (all, exists) -> all && exists > 0);
    }

    /** The fields of a whole stock hash, as {@code stock_of} in {@code lua/lib/common.lua} checks them. */
    private static final String[] STOCK_FIELDS = {"available", "held", "sold", "total", "starts", "ends", "limit"};

    Flux<String> shopperHoldIds(long saleId, String shopper) {
        return redis.commands().smembers(SaleKeys.of(saleId).shopperHolds(shopper));
    }

    /** Live counters of the given sales; sales not yet initialised are absent. */
    Mono<Map<Long, StockLevel>> stock(Collection<Long> saleIds) {
        return Flux.fromIterable(saleIds)
                .flatMap(id -> redis.commands().hmget(SaleKeys.of(id).stock(), "available", "held", "sold", "total", "offered")
                        .collectList()
                        .filter(values -> values.get(0).hasValue())
                        .map(values -> Map.entry(id, new StockLevel(num(values.get(0)), num(values.get(1)),
                                num(values.get(2)), num(values.get(3)), num(values.get(4))))))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
                .map(m -> (Map<Long, StockLevel>) m);
    }

    private static CloseReply closeReply(List<Object> r) {
        return new CloseReply(ScriptCode.of(r.get(0)), r.size() > 1 && r.get(1) instanceof String s ? s : null);
    }

    private static long num(KeyValue<String, String> value) {
        return value.hasValue() ? Long.parseLong(value.getValue()) : 0;
    }

    private static Instant millis(Object value) {
        return Instant.ofEpochMilli(value instanceof Long l ? l : Long.parseLong((String) value));
    }

    private static String[] keys(String... keys) {
        return keys;
    }
}
