package dev.flashsale.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What must hold after a scenario, checked through the API of the target. Always: counters conserved,
 * and every unit taken accounted for: held + sold equals the grants the client saw, or, when some
 * answers told nothing (timeouts, lost connections, 5xx without Retry-After), lies between the grants
 * and the grants plus those answers (a shed answer never takes a unit). For the scenarios with
 * targets (spec, burst, keepalive) also, of the engine and the ceiling (the baseline's are reported only):
 * exactly as many granted as the sale has units (or as arrivals not shed, if fewer), no 5xx, timeouts
 * or answers outside the contract, and (engine) the ledger equal
 * to Redis once the event stream is drained, via the admin reconciliation endpoint; a missing
 * endpoint is a failed check. In a step search errors end the search (the step misses) instead.
 */
final class Checks {

    private final long ledgerTimeoutMillis = Long.getLong("bench.ledgerTimeoutMillis", 60_000);

    void verify(Outcome o, Target target, int units, int arrivals, boolean full) throws Exception {
        long granted = o.samples.count(Samples.GRANTED);
        long unknown = o.samples.errors();
        if (full) {
            // the row-lock baseline timing out under a burst is what it is measured for: its grants and
            // errors are reported, but only conservation is required of it
            boolean required = !target.name().equals(Target.BASELINE);
            String reported = required ? "" : " (baseline: reported, not required)";
            long expected = Math.min(units, arrivals - o.samples.shed());
            o.check("exactly " + expected + " granted" + (o.samples.shed() > 0 ? " (" + arrivals + " arrivals, "
                    + o.samples.shed() + " shed)" : "") + reported, !required || granted == expected, granted + " granted");
            o.check("no 5xx, timeouts or answers outside 201 / 409 sold-out|limit-exceeded / 429|503 with Retry-After"
                    + reported, !required || unknown == 0, unknown + " errors");
        }
        JsonNode s = target.api().get(target.stockPath(o.saleId)).body();
        long available = s.get("available").asLong();
        long held = s.get("held").asLong();
        long total = s.get("total").asLong();
        long sold = target.name().equals(Target.BASELINE) ? 0 : s.get("sold").asLong();
        String taken = target.name().equals(Target.BASELINE) ? "held" : "held + sold";
        o.check(target.name().equals(Target.BASELINE) ? "available + held == total" : "available + held + sold == total",
                available >= 0 && available + held + sold == total, available + " + " + held
                        + (target.name().equals(Target.BASELINE) ? "" : " + " + sold) + " of " + total);
        if (unknown == 0) {
            o.check(taken + " == granted", held + sold == granted, (held + sold) + " vs " + granted);
        } else {
            o.check("granted <= " + taken + " <= granted + answers without an outcome",
                    held + sold >= granted && held + sold <= granted + unknown,
                    granted + " <= " + (held + sold) + " <= " + (granted + unknown));
        }
        if (full && target.name().equals(Target.ENGINE)) {
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
