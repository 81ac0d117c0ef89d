package dev.flashsale.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one run of the waiting-room scenario ({@link WaitingRoomBurst}) measured, as the report shows it. */
record WaitingRoomResult(long saleId, int shoppers, int burstSeconds, int admitPerSecond, int pollMillis, int[] joinMillis,
        int joinErrors, int[] reserveMillis, int reserveErrors, Map<String, Integer> reserveErrorKinds, int reserveRetries,
        int granted, int reserveSoldOut, long polls,
        int pollErrors, Map<Long, Long> admissionsPerSecond, long estimates, long estimatesWithin, int toldSoldOut,
        int[] toldAfterLastHoldMillis, int neverTold, String stock, boolean conserved, long durationMillis) {

    int secondsOverCeiling() {
        return (int) admissionsPerSecond.values().stream().filter(n -> n > admitPerSecond).count();
    }

    long maxAdmissionsInASecond() {
        return admissionsPerSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    Double estimatesWithinShare() {
        return estimates == 0 ? null : (double) estimatesWithin / estimates;
    }

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("saleId", saleId);
        m.put("shoppers", shoppers);
        m.put("burstSeconds", burstSeconds);
        m.put("admitPerSecond", admitPerSecond);
        m.put("pollMillis", pollMillis);
        m.put("joinMillis", percentiles(joinMillis));
        m.put("joinErrors", joinErrors);
        m.put("reserveMillis", percentiles(reserveMillis));
        m.put("reserveErrors", reserveErrors);
        m.put("reserveErrorKinds", reserveErrorKinds);
        m.put("reserveRetriesAfterShed", reserveRetries);
        m.put("granted", granted);
        m.put("reserveSoldOut", reserveSoldOut);
        m.put("polls", polls);
        m.put("pollErrors", pollErrors);
        m.put("admissionsPerSecond", admissionsPerSecond);
        m.put("secondsOverCeiling", secondsOverCeiling());
        m.put("waitEstimates", estimates);
        m.put("waitEstimatesWithin20Percent", estimatesWithin);
        m.put("toldSoldOut", toldSoldOut);
        m.put("toldSoldOutAfterLastHoldMillis", percentiles(toldAfterLastHoldMillis));
        m.put("queuedNeverToldSoldOut", neverTold);
        m.put("stock", stock);
        m.put("conserved", conserved);
        m.put("durationMillis", durationMillis);
        return m;
    }

    String markdown() {
        Map<String, Integer> join = percentiles(joinMillis);
        Map<String, Integer> reserve = percentiles(reserveMillis);
        Map<String, Integer> told = percentiles(toldAfterLastHoldMillis);
        Double share = estimatesWithinShare();
        return "\n## Burst through the waiting room (sale " + saleId + ")\n\n"
                + shoppers + " shoppers join within " + burstSeconds + " s; room admits at most " + admitPerSecond
                + "/s; tickets read every " + pollMillis + " ms until admitted or told sold out.\n\n"
                + "| figure | value |\n|---|---|\n"
                + "| join p50 / p99 / max ms | " + join.get("p50") + " / " + join.get("p99") + " / " + join.get("max") + " |\n"
                + "| join errors | " + joinErrors + " |\n"
                + "| reserves by admitted shoppers: granted / sold out / errors | " + granted + " / " + reserveSoldOut + " / "
                + reserveErrors + (reserveErrorKinds.isEmpty() ? "" : " " + reserveErrorKinds) + " |\n"
                + "| reserves retried after 429/503 with Retry-After | " + reserveRetries + " |\n"
                + "| reserve p50 / p99 / max ms | " + reserve.get("p50") + " / " + reserve.get("p99") + " / " + reserve.get("max") + " |\n"
                + "| ticket reads (errors) | " + polls + " (" + pollErrors + ") |\n"
                + "| admissions per second, max (seconds over " + admitPerSecond + ") | " + maxAdmissionsInASecond() + " ("
                + secondsOverCeiling() + ") |\n"
                + "| wait estimate within ±20 % | " + (share == null ? "-" : String.format("%.1f %% of %d", share * 100, estimates)) + " |\n"
                + "| told sold out after the last unit held: p50 / p99 / max ms (shoppers) | " + told.get("p50") + " / "
                + told.get("p99") + " / " + told.get("max") + " (" + toldSoldOut + ") |\n"
                + "| shoppers without an outcome at the deadline (not granted, refused or told sold out) | " + neverTold + " |\n"
                + "| stock after (API) | " + stock + " |\n";
    }

    static Map<String, Integer> percentiles(int[] values) {
        int[] sorted = values.clone();
        Arrays.sort(sorted);
        Map<String, Integer> p = new LinkedHashMap<>();
        for (double q : new double[] {50, 99}) {
            p.put(q == 50 ? "p50" : "p99", sorted.length == 0 ? 0
                    : sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q / 100 * sorted.length) - 1))]);
        }
        p.put("max", sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        return p;
    }
}
