package dev.flashsale.bench;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What must hold after a scenario, checked through the API: exactly {@code units} granted, no
 * 5xx or timeouts, counters conserved, and (engine) the ledger equal to Redis once the event
 * stream is drained, via the admin reconciliation endpoint when the service has it.
 */
final class Checks {

    private final Api api;

    Checks(Api api) {
        this.api = api;
    }

    void verify(Outcome o, String target, int units, int arrivals, boolean withLedger) throws Exception {
        long granted = o.samples.count(Samples.GRANTED);
        long expected = Math.min(units, arrivals);
        o.check("exactly " + expected + " granted", granted == expected, granted + " granted");
        o.check("no 5xx, timeouts or unexpected answers", o.samples.errors() == 0, o.samples.errors() + " errors");
        if (target.equals(BenchMain.ENGINE)) {
            JsonNode s = api.get("/api/sales/" + o.saleId + "/stock").body();
            long available = s.get("available").asLong();
            long held = s.get("held").asLong();
            long sold = s.get("sold").asLong();
            long total = s.get("total").asLong();
            o.check("available + held + sold == total", available >= 0 && available + held + sold == total,
                    available + " + " + held + " + " + sold + " of " + total);
            o.check("held + sold == granted", held + sold == granted, (held + sold) + " vs " + granted);
            if (withLedger) {
                ledger(o);
            }
        } else {
            JsonNode s = api.get("/baseline/sales/" + o.saleId + "/stock").body();
            long available = s.get("available").asLong();
            long held = s.get("held").asLong();
            long total = s.get("total").asLong();
            o.check("available + held == total", available >= 0 && available + held == total,
                    available + " + " + held + " of " + total);
            o.check("held == granted", held == granted, held + " vs " + granted);
        }
    }

    /** Polls the reconciliation until the stream is drained (60 s at most); 404 means not merged yet. */
    private void ledger(Outcome o) throws Exception {
        String path = "/admin/api/sales/" + o.saleId + "/reconciliation";
        long deadline = System.currentTimeMillis() + Long.getLong("bench.ledgerTimeoutMillis", 60_000);
        while (true) {
            Api.Answer answer = api.get(path);
            if (answer.status() == 404) {
                o.target("ledger check", true, "unavailable (no reconciliation endpoint yet)");
                return;
            }
            JsonNode body = answer.body();
            boolean drained = answer.status() == 200 && body.path("streamDrained").asBoolean(false);
            if (drained) {
                boolean inSync = body.path("inSync").asBoolean(false);
                o.check("ledger equals Redis after drain", inSync, "inSync=" + inSync);
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                o.check("ledger equals Redis after drain", false,
                        "stream not drained within timeout (status " + answer.status() + ": " + body + ")");
                return;
            }
            Thread.sleep(500);
        }
    }
}
