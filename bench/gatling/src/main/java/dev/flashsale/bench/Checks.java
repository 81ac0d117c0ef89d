package dev.flashsale.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What must hold after a scenario, checked through the API of the target: exactly as many granted as
 * the sale had units (or as arrivals that were not shed, if fewer), no 5xx, timeouts or answers
 * outside the contract, counters conserved, and (engine) the ledger equal to Redis once the event
 * stream is drained, via the admin reconciliation endpoint. A missing endpoint is a failed check.
 */
final class Checks {

    private final long ledgerTimeoutMillis = Long.getLong("bench.ledgerTimeoutMillis", 60_000);

    void verify(Outcome o, Target target, int units, int arrivals, boolean withLedger) throws Exception {
        long granted = o.samples.count(Samples.GRANTED);
        long shed = o.samples.shed();
        long expected = Math.min(units, arrivals - shed);
        o.check("exactly " + expected + " granted" + (shed > 0 ? " (" + arrivals + " arrivals, " + shed + " shed)" : ""),
                granted == expected, granted + " granted");
        o.check("no 5xx, timeouts or answers outside 201 / 409 sold-out|limit-exceeded / 429|503 with Retry-After",
                o.samples.errors() == 0, o.samples.errors() + " errors");
        JsonNode s = target.api().get(target.stockPath(o.saleId)).body();
        long available = s.get("available").asLong();
        long held = s.get("held").asLong();
        long total = s.get("total").asLong();
        if (target.name().equals(Target.BASELINE)) {
            o.check("available + held == total", available >= 0 && available + held == total,
                    available + " + " + held + " of " + total);
            o.check("held == granted", held == granted, held + " vs " + granted);
            return;
        }
        long sold = s.get("sold").asLong();
        o.check("available + held + sold == total", available >= 0 && available + held + sold == total,
                available + " + " + held + " + " + sold + " of " + total);
        o.check("held + sold == granted", held + sold == granted, (held + sold) + " vs " + granted);
        if (withLedger && target.name().equals(Target.ENGINE)) {
            ledger(o, target.api());
        }
    }

    /** Polls the reconciliation until the stream is drained ({@code bench.ledgerTimeoutMillis} at most). */
    private void ledger(Outcome o, Api api) throws Exception {
        String path = "/admin/api/sales/" + o.saleId + "/reconciliation";
        String name = "ledger equals Redis after drain (" + path + ")";
        long deadline = System.currentTimeMillis() + ledgerTimeoutMillis;
        while (true) {
            Api.Answer answer = api.get(path);
            JsonNode body = answer.body();
            if (answer.status() == 404) {
                o.check(name, false, "404 from the reconciliation endpoint: " + body);
                return;
            }
            boolean drained = answer.status() == 200 && body.path("streamDrained").asBoolean(false);
            if (drained) {
                boolean inSync = body.path("inSync").asBoolean(false);
                o.check(name, inSync, "inSync=" + inSync);
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                o.check(name, false, "stream not drained within " + ledgerTimeoutMillis + " ms (status "
                        + answer.status() + ": " + body + ")");
                return;
            }
            Thread.sleep(500);
        }
    }
}
