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

    /** What a reserve call decided. {@code detail} is the available units or the shopper's units on refusal. */
    record ReserveReply(ScriptCode code, String holdId, Instant createdAt, Instant expiresAt, long detail) {
    }

    /** What a release/confirm call decided; {@code state} is the hold's state when it was already closed. */
    record CloseReply(ScriptCode code, String state) {
    }

    /**
     * {@code nextDeadlineMillis} is the earliest deadline still in the sale's set, or -1 when it is
     * empty; {@code delaysMillis} holds, per expired hold, how long after its own deadline it came back.
     */
    record ExpiryReply(long expired, long nextDeadlineMillis, List<Long> delaysMillis) {

        long delayMaxMillis() {
            return delaysMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    record AdjustReply(ScriptCode code, StockLevel stock, long available) {
    }

    /** A confirm's decision; {@code eventId} names the stream entry of the CONFIRMED event. */
    record ConfirmReply(ScriptCode code, String state, String eventId) {
    }

    private final EngineCommands redis;
    private final LuaScripts lua;
    private final LuaScripts.Script initSale = LuaScripts.read("init_sale");
    private final LuaScripts.Script reserve = LuaScripts.read("reserve");
    private final LuaScripts.Script release = LuaScripts.read("release");
    private final LuaScripts.Script confirm = LuaScripts.read("confirm");
    private final LuaScripts.Script expire = LuaScripts.read("expire");
    private final LuaScripts.Script adjust = LuaScripts.read("adjust_stock");
    private final LuaScripts.Script rebuild = LuaScripts.read("rebuild_sale");

    StockEngine(EngineCommands redis) {
        this.redis = redis;
        this.lua = new LuaScripts(redis);
    }

    Mono<ScriptCode> initSale(Sale sale) {
        SaleKeys k = SaleKeys.of(sale.id());
        return lua.run(initSale, keys(k.stock()), String.valueOf(sale.totalQuantity()),
                String.valueOf(sale.startsAt().toEpochMilli()), String.valueOf(sale.endsAt().toEpochMilli()),
                String.valueOf(sale.perUserLimit()))
                .map(r -> ScriptCode.of(r.get(0)));
    }

    Mono<ReserveReply> reserve(long saleId, String holdId, String shopper, int quantity, String idempotencyKey,
            long holdMillis, String nowOverride) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(reserve,
                keys(k.stock(), k.deadlines(), k.users(), k.idempotency(), k.events(), k.hold(holdId),
                        k.shadow(holdId), k.shopperHolds(shopper)),
                holdId, shopper, String.valueOf(quantity), idempotencyKey == null ? "" : idempotencyKey,
                String.valueOf(holdMillis), nowOverride)
                .map(r -> {
                    ScriptCode code = ScriptCode.of(r.get(0));
                    return switch (code) {
                        case OK -> new ReserveReply(code, (String) r.get(1), millis(r.get(2)), millis(r.get(3)), 0);
                        case EXISTED -> new ReserveReply(code, (String) r.get(1), null, null, 0);
                        case SOLD_OUT, LIMIT_EXCEEDED -> new ReserveReply(code, null, null, null, (Long) r.get(1));
                        default -> new ReserveReply(code, null, null, null, 0);
                    };
                });
    }

    Mono<CloseReply> release(long saleId, String holdId, String shopper, String owner, String reason, String nowOverride) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(release, keys(k.stock(), k.deadlines(), k.users(), k.events(), k.hold(holdId),
                        k.shadow(holdId), k.shopperHolds(shopper)), holdId, owner, reason, nowOverride)
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

    /**
     * Recreates a sale's live state from the ledger if Redis has none. {@code confirmedUnits} maps
     * shoppers to units they bought; {@code holds} are the ledger's HELD reservations (those past
     * their deadline are left out here and expired by the caller).
     */
    Mono<List<Object>> rebuild(Sale sale, long sold, Map<String, Long> confirmedUnits, List<Hold> holds, long nowMillis) {
        SaleKeys k = SaleKeys.of(sale.id());
        List<String> args = new java.util.ArrayList<>(List.of(k.prefix(), String.valueOf(sale.totalQuantity()),
                String.valueOf(sale.startsAt().toEpochMilli()), String.valueOf(sale.endsAt().toEpochMilli()),
                String.valueOf(sale.perUserLimit()), String.valueOf(sold), String.valueOf(nowMillis),
                String.valueOf(confirmedUnits.size())));
        confirmedUnits.forEach((shopper, units) -> {
            args.add(shopper);
            args.add(String.valueOf(units));
        });
        for (Hold hold : holds) {
            args.addAll(List.of(hold.id(), hold.shopper(), String.valueOf(hold.quantity()),
                    String.valueOf(hold.createdAt().toEpochMilli()), String.valueOf(hold.expiresAt().toEpochMilli())));
        }
        return lua.run(rebuild, keys(k.stock(), k.deadlines(), k.users(), k.idempotency()), args.toArray(String[]::new));
    }

    /** Expires the given holds if due, or with no ids the due ones from the deadline set. */
    Mono<ExpiryReply> expire(long saleId, int batch, String nowOverride, String... holdIds) {
        SaleKeys k = SaleKeys.of(saleId);
        String[] args = new String[3 + holdIds.length];
        args[0] = k.prefix();
        args[1] = nowOverride;
        args[2] = String.valueOf(batch);
        System.arraycopy(holdIds, 0, args, 3, holdIds.length);
        return lua.run(expire, keys(k.stock(), k.deadlines(), k.users(), k.events()), args)
                .map(r -> new ExpiryReply((Long) r.get(0), (Long) r.get(1),
                        r.subList(2, r.size()).stream().map(Long.class::cast).toList()));
    }

    Mono<AdjustReply> adjust(long saleId, long delta, String admin) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(adjust, keys(k.stock(), k.events()), String.valueOf(delta), admin, "")
                .map(r -> {
                    ScriptCode code = ScriptCode.of(r.get(0));
                    return code == ScriptCode.OK
                            ? new AdjustReply(code, new StockLevel((Long) r.get(1), (Long) r.get(2), (Long) r.get(3), (Long) r.get(4)), (Long) r.get(1))
                            : new AdjustReply(code, null, r.size() > 1 ? (Long) r.get(1) : 0);
                });
    }

    /** The hold, or empty if there is none with that id in that sale. */
    Mono<Hold> hold(long saleId, String holdId) {
        return redis.commands().hgetall(SaleKeys.of(saleId).hold(holdId))
                .collectMap(KeyValue::getKey, KeyValue::getValue)
                .filter(fields -> fields.containsKey("state"))
                .map(fields -> Hold.from(holdId, saleId, fields));
    }

    Mono<List<String>> heldIds(long saleId) {
        return redis.commands().zrange(SaleKeys.of(saleId).deadlines(), 0, -1).collectList();
    }

    Mono<Boolean> stockExists(long saleId) {
        return redis.commands().exists(SaleKeys.of(saleId).stock()).map(n -> n > 0);
    }

    Flux<String> shopperHoldIds(long saleId, String shopper) {
        return redis.commands().smembers(SaleKeys.of(saleId).shopperHolds(shopper));
    }

    /** Live counters of the given sales; sales not yet initialised are absent. */
    Mono<Map<Long, StockLevel>> stock(Collection<Long> saleIds) {
        return Flux.fromIterable(saleIds)
                .flatMap(id -> redis.commands().hmget(SaleKeys.of(id).stock(), "available", "held", "sold", "total")
                        .collectList()
                        .filter(values -> values.get(0).hasValue())
                        .map(values -> Map.entry(id, new StockLevel(num(values.get(0)), num(values.get(1)),
                                num(values.get(2)), num(values.get(3))))))
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
