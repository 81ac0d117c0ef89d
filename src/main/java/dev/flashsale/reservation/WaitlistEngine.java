package dev.flashsale.reservation;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The waitlist's own scripts ({@code lua/waitlist_*.lua}): join, leave and read an entry. Offers are
 * made and ended by the stock scripts themselves (see {@code units_back} in {@code lua/lib/common.lua}),
 * so this class never moves a unit except through the leave script's hand-off.
 */
@Component
class WaitlistEngine {

    /**
     * A script's answer about one entry: {@code status} WAITING or OFFERED, {@code position} 1-based
     * among WAITING (0 when OFFERED), {@code deadlineMillis} the offer's claim deadline (0 when
     * WAITING), {@code detail} the available units or the shopper's units on a refusal.
     */
    record EntryReply(ScriptCode code, String status, long position, long deadlineMillis, long detail) {

        static EntryReply of(List<Object> r) {
            ScriptCode code = ScriptCode.of(r.get(0));
            if (code == ScriptCode.OK || code == ScriptCode.EXISTED) {
                return new EntryReply(code, (String) r.get(1), (Long) r.get(2), (Long) r.get(3), 0);
            }
            return new EntryReply(code, null, 0, 0, r.size() > 1 ? (Long) r.get(1) : 0);
        }
    }

    private final EngineCommands redis;
    private final LuaScripts lua;
    private final StockEngine stock;
    private final WaitlistMetrics metrics;
    private final LuaScripts.Script join = LuaScripts.read("waitlist_join");
    private final LuaScripts.Script leave = LuaScripts.read("waitlist_leave");
    private final LuaScripts.Script entry = LuaScripts.read("waitlist_entry");

    WaitlistEngine(EngineCommands redis, StockEngine stock, WaitlistMetrics metrics) {
        this.redis = redis;
        this.lua = new LuaScripts(redis);
        this.stock = stock;
        this.metrics = metrics;
    }

    Mono<EntryReply> join(long saleId, String shopper, String nowOverride) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(join, new String[] {k.stock(), k.waitlist(), k.offers(), k.waitSeq(), k.users(), k.deadlines()},
                shopper, nowOverride).map(EntryReply::of);
    }

    Mono<EntryReply> entry(long saleId, String shopper) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(entry, new String[] {k.waitlist(), k.offers()}, shopper).map(EntryReply::of);
    }

    /** The entry as it was before leaving; an OFFERED one passes its unit on. */
    Mono<EntryReply> leave(long saleId, String shopper, String nowOverride) {
        SaleKeys k = SaleKeys.of(saleId);
        return lua.run(leave, new String[] {k.stock(), k.waitlist(), k.offers(), k.deadlines(), k.events()},
                        shopper, nowOverride, stock.claimWindowMillis())
                .doOnNext(r -> {
                    if ("OFFERED".equals(r.size() > 1 ? r.get(1) : null)) {
                        metrics.left();
                        metrics.made((Long) r.get(4));
                    }
                })
                .map(EntryReply::of);
    }

    /** How many shoppers are WAITING on each sale (sales with nobody waiting are absent). */
    Mono<Map<Long, Long>> waiting(Collection<Long> saleIds) {
        return Flux.fromIterable(saleIds)
                .flatMap(id -> redis.commands().zcard(SaleKeys.of(id).waitlist()).filter(n -> n > 0).map(n -> Map.entry(id, n)))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue, HashMap::new)
                .map(m -> (Map<Long, Long>) m);
    }
}
