package dev.flashsale.reservation;

import java.util.Arrays;

import dev.flashsale.infra.problem.ProblemType;

/**
 * The result codes the Lua scripts return (first element of their reply), mapped to what the API
 * answers. The only place that knows both the numbers and their meaning.
 */
enum ScriptCode {
    OK(1, null),
    EXISTED(2, null),
    ALREADY_DONE(3, null),
    SOLD_OUT(-1, ProblemType.SOLD_OUT),
    LIMIT_EXCEEDED(-2, ProblemType.LIMIT_EXCEEDED),
    SALE_NOT_ACTIVE(-3, ProblemType.SALE_NOT_ACTIVE),
    NOT_INITIALISED(-4, null),
    NO_SUCH_HOLD(-5, ProblemType.RESERVATION_NOT_FOUND),
    HOLD_CLOSED(-6, ProblemType.RESERVATION_CLOSED),
    NOT_ENOUGH_AVAILABLE(-8, ProblemType.STOCK_CONFLICT),
    LEDGER_INCONSISTENT(-9, null),
    /** The shopper made the most holds one shopper may make in the sale. */
    HOLDS_EXCEEDED(-10, ProblemType.LIMIT_EXCEEDED),
    /**
     * The sale's stock hash is gone or incomplete while other state of it survives: the script changed
     * nothing, and the sale is rebuilt (reconciled with the ledger) before anything runs on it again.
     */
    SALE_PARTIAL(-11, ProblemType.SERVICE_UNAVAILABLE),
    /**
     * A repair of a paid hold (repair_confirmed.lua) found its units granted again to someone else
     * meanwhile: nothing changed; an oversell to report and to retry when units come back.
     */
    OVERSOLD(-12, null),
    /** The shopper is neither WAITING nor OFFERED on the sale's waitlist. */
    NOT_ON_WAITLIST(-13, ProblemType.WAITLIST_ENTRY_NOT_FOUND),
    /** A join while units are available: the shopper should reserve instead. */
    NOT_SOLD_OUT(-14, ProblemType.SALE_NOT_SOLD_OUT);

    private final long lua;
    private final ProblemType problem;

    ScriptCode(long lua, ProblemType problem) {
        this.lua = lua;
        this.problem = problem;
    }

    static ScriptCode of(Object reply) {
        long code = (Long) reply;
        return Arrays.stream(values()).filter(c -> c.lua == code).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown script code " + code));
    }

    ProblemType problem() {
        return problem;
    }
}
