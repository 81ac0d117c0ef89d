package dev.flashsale.bench;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** What one run of the waiting-room scenario ({@link WaitingRoomBurst}) measured, as the report shows it. */
record WaitingRoomResult(long saleId, int shoppers, int burstSeconds, int admitPerSecond, int pollMillis, int[] joinMillis,
        int[] joinAnswerMillis, int joinErrors, int joinRetries, int[] reserveMillis, int reserveErrors, Map<String, Integer> reserveErrorKinds, int reserveRetries,
        int granted, int reserveSoldOut, long polls,
        int pollErrors, Map<Long, Long> admissionsPerSecond, long admissions, long estimates, long estimatesWithin, int toldSoldOut,
        int[] toldAfterLastHoldMillis, int[] toldPollingAfterLastHoldMillis, int joinedAfterSellOut, int neverTold, String stock, boolean conserved, long durationMillis, Follow follow) {

    /**
     * How the shoppers followed the queue ({@code stream}: pushes on the notification stream, a ticket
     * read as fallback; {@code poll}: ticket reads alone), and what that cost the service and the load
     * generator. Filled in by {@link WaitingRoomBurst} as the run goes.
     */
    static final class Follow {
        final String mode;
        final int fallbackMillis;
        final int pollMillis;
        int streamsPlanned;
        long openMillis;
        int streamsOpened;
        int liveAtBurst;
        int streamAttempts;
        int streamFailures;
        Map<String, Integer> streamFailureKinds = Map.of();
        int streamsDropped;
        Map<String, Long> pushes = Map.of();
        long fallbackReads;
        double serviceIdleCores;
        double storesIdleCores;
        double serviceCpuSeconds;
        double storesCpuSeconds;
        double loadGeneratorCpuSeconds;
        double serviceRssBeforeMiB;
        double servicePeakRssMiB;
        double loadGeneratorRssBeforeMiB;
        double loadGeneratorPeakRssMiB;
        WaitingRoomBurst.Gc gc;
        /** Every join answer and every reserve from the moment the request got a load-generator slot. */
        int[] joinFromSendMillis = {};
        int[] reserveFromSendMillis = {};
        /** Cores in use from the burst's start to the last unit held: the seconds in which shoppers were admitted and reserved. */
        CpuTimeline.Window cpuWhileUnitsWent;
        /** The service's own timing of the joins and the reserves over the burst and its follow-up. */
        ServerTimings joinsServer;
        ServerTimings reservesServer;
        /** Admitted shoppers by actual wait as a share of the estimate shown (WaitAccuracy). */
        Map<String, Long> waitAccuracy = Map.of();

        Follow(String mode, int fallbackMillis, int pollMillis) {
            this.mode = mode;
            this.fallbackMillis = fallbackMillis;
            this.pollMillis = pollMillis;
        }

        void streams(int planned, SseStreams streams) {
            streamsPlanned = planned;
            streamsOpened = streams.opened();
            streamAttempts = streams.attempts();
            streamFailures = streams.failures();
            streamFailureKinds = streams.failureKinds();
            streamsDropped = streams.dropped();
        }

        boolean streaming() {
            return WaitingRoomBurst.STREAM.equals(mode);
        }

        Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("mode", mode);
            m.put("fallbackMillis", streaming() ? fallbackMillis : null);
            m.put("streamsPlanned", streamsPlanned);
            m.put("streamsOpenMillis", openMillis);
            m.put("streamsOpened", streamsOpened);
            m.put("streamsLiveAtBurst", liveAtBurst);
            m.put("streamOpenAttempts", streamAttempts);
            m.put("streamOpensFailed", streamFailures);
            m.put("streamOpenFailureKinds", streamFailureKinds);
            m.put("streamsDropped", streamsDropped);
            m.put("pushesByType", pushes);
            m.put("fallbackTicketReads", fallbackReads);
            m.put("serviceCoresBeforeBurst", round(serviceIdleCores));
            m.put("storesCoresBeforeBurst", round(storesIdleCores));
            m.put("serviceCpuSecondsBurstAndFollow", round(serviceCpuSeconds));
            m.put("storesCpuSecondsBurstAndFollow", round(storesCpuSeconds));
            m.put("loadGeneratorCpuSecondsBurstAndFollow", round(loadGeneratorCpuSeconds));
            m.put("serviceRssBeforeBurstMiB", Math.round(serviceRssBeforeMiB));
            m.put("servicePeakRssMiB", Math.round(servicePeakRssMiB));
            m.put("loadGeneratorRssBeforeBurstMiB", Math.round(loadGeneratorRssBeforeMiB));
            m.put("loadGeneratorPeakRssMiB", Math.round(loadGeneratorPeakRssMiB));
            m.put("serviceGc", gc == null ? null : gc.toMap());
            m.put("actualWaitOverEstimateBands", waitAccuracy);
            m.put("joinAnswerFromSendMillis", percentiles(joinFromSendMillis));
            m.put("reserveFromSendMillis", percentiles(reserveFromSendMillis));
            m.put("joinsServerSide", joinsServer == null ? null : joinsServer.markdown(50));
            m.put("reservesServerSide", reservesServer == null ? null : reservesServer.markdown(100));
            m.put("coresWhileUnitsWent", cpuWhileUnitsWent);
            return m;
        }

        private static double round(double v) {
            return Math.round(v * 1000) / 1000.0;
        }
    }

    int secondsOverCeiling() {
        return (int) admissionsPerSecond.values().stream().filter(n -> n > admitPerSecond).count();
    }

    long maxAdmissionsInASecond() {
        return admissionsPerSecond.values().stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** E.g. "95.1 % of 1,000 shown an estimate (of 1,122 admitted)". */
    String estimateShare() {
        Double share = estimatesWithinShare();
        return share == null ? "no estimates" : String.format("%.1f %% of %,d shown an estimate (of %,d admitted)", share * 100, estimates, admissions);
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
        m.put("joinAnswerMillis", percentiles(joinAnswerMillis));
        m.put("joinErrors", joinErrors);
        m.put("joinRetriesAfterShed", joinRetries);
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
        m.put("admissions", admissions);
        m.put("waitEstimates", estimates);
        m.put("waitEstimatesWithin20Percent", estimatesWithin);
        m.put("toldSoldOut", toldSoldOut);
        m.put("toldSoldOutAfterLastHoldMillis", percentiles(toldAfterLastHoldMillis));
        m.put("toldSoldOutWithoutStreamAfterLastHoldMillis", percentiles(toldPollingAfterLastHoldMillis));
        m.put("joinedAfterSellOut", joinedAfterSellOut);
        m.put("queuedNeverToldSoldOut", neverTold);
        m.put("stock", stock);
        m.put("conserved", conserved);
        m.put("durationMillis", durationMillis);
        m.put("follow", follow.toMap());
        return m;
    }

    String markdown() {
        Map<String, Integer> join = percentiles(joinMillis);
        Map<String, Integer> answers = percentiles(joinAnswerMillis);
        Map<String, Integer> reserve = percentiles(reserveMillis);
        Map<String, Integer> told = percentiles(toldAfterLastHoldMillis);
        Map<String, Integer> toldPolling = percentiles(toldPollingAfterLastHoldMillis);
        Follow f = follow;
        WaitingRoomBurst.Gc gc = f.gc;
        return "\n## Burst through the waiting room (sale " + saleId + ")\n\n" + description() + "\n\n"
                + "| figure | value |\n|---|---|\n"
                + "| follow mode | " + f.mode + " |\n"
                + (f.streaming() ? "| notification streams live at the burst / planned (opened over ms) | " + f.liveAtBurst + " / "
                        + f.streamsPlanned + " (" + f.openMillis + ") |\n"
                        + "| stream opens: attempts / failed (kinds) / live streams dropped | " + f.streamAttempts + " / " + f.streamFailures
                        + (f.streamFailureKinds.isEmpty() ? "" : " " + f.streamFailureKinds) + " / " + f.streamsDropped + " |\n"
                        + "| pushes received by type | " + (f.pushes.isEmpty() ? "none" : f.pushes.toString()) + " |\n" : "")
                + "| join p50 / p99 / max ms (scheduled arrival to the answer that joined, waits after a shed answer included) | "
                + join.get("p50") + " / " + join.get("p99") + " / " + join.get("max") + " |\n"
                + "| every join answer, shed ones included: p50 / p99 / max ms (from the attempt's scheduled time) | "
                + answers.get("p50") + " / " + answers.get("p99") + " / " + answers.get("max") + " |\n"
                + "| join errors | " + joinErrors + " |\n"
                + "| joins sent again after a 429/503 with Retry-After (nothing joined) | " + joinRetries + " |\n"
                + "| reserves by admitted shoppers: granted / sold out / errors | " + granted + " / " + reserveSoldOut + " / "
                + reserveErrors + (reserveErrorKinds.isEmpty() ? "" : " " + reserveErrorKinds) + " |\n"
                + "| reserves retried after 429/503 with Retry-After | " + reserveRetries + " |\n"
                + "| reserve p50 / p99 / max ms | " + reserve.get("p50") + " / " + reserve.get("p99") + " / " + reserve.get("max") + " |\n"
                + fromSend("every join answer", f.joinFromSendMillis) + fromSend("reserve", f.reserveFromSendMillis)
                + (f.joinsServer == null ? "" : "| the service's own timing (its http.server.requests histogram, every status; shed answers are"
                        + " not in it): joins / reserves | " + f.joinsServer.markdown(50) + " / " + f.reservesServer.markdown(100) + " |\n")
                + "| ticket reads (errors) | " + polls + " (" + pollErrors + ") |\n"
                + (f.streaming() ? "| of which fallback reads (live stream, nothing heard for " + f.fallbackMillis + " ms) | " + f.fallbackReads
                        + " |\n" : "")
                + "| admissions per second, max (seconds over " + admitPerSecond + ") | " + maxAdmissionsInASecond() + " ("
                + secondsOverCeiling() + ") |\n"
                + "| wait estimate within ±20 % | " + estimateShare() + " |\n"
                + (f.waitAccuracy.isEmpty() ? "" : "| actual wait as a share of the estimate shown: shoppers per band (service histogram) | "
                        + f.waitAccuracy + " |\n")
                + "| queued shoppers told sold out after the last unit was held (the hold's createdAt): p50 / p99 / max ms (shoppers) | "
                + told.get("p50") + " / " + told.get("p99") + " / " + told.get("max") + " (" + toldSoldOut + ") |\n"
                + (toldPollingAfterLastHoldMillis.length == 0 ? "" : "| the same for queued shoppers without a stream (reading the ticket every "
                        + pollMillis + " ms) | " + toldPolling.get("p50") + " / " + toldPolling.get("p99") + " / " + toldPolling.get("max")
                        + " (" + toldPollingAfterLastHoldMillis.length + ") |\n")
                + "| shoppers who joined after the sell-out (told by the join's answer) | " + joinedAfterSellOut + " |\n"
                + "| shoppers without an outcome at the deadline (not granted, refused or told sold out) | " + neverTold + " |\n"
                + "| stock after (API) | " + stock + " |\n"
                + String.format("| service JVM (its stores: embedded Redis + Postgres): cores just before the burst (%s) / CPU s over burst and"
                        + " follow | %.2f (%.2f) / %.1f (%.1f) |%n", f.streaming() ? "streams open, nobody queued" : "nobody queued",
                        f.serviceIdleCores, f.storesIdleCores, f.serviceCpuSeconds, f.storesCpuSeconds)
                + String.format("| service JVM RSS just before the burst / peak MiB | %.0f / %.0f |%n", f.serviceRssBeforeMiB, f.servicePeakRssMiB)
                + (gc == null ? "" : "| service GC over the scenario (its metrics): minor pauses / major pauses | " + gc.markdown() + " |\n")
                + String.format("| load generator RSS just before the burst / peak MiB | %.0f / %.0f |%n", f.loadGeneratorRssBeforeMiB,
                        f.loadGeneratorPeakRssMiB)
                + String.format("| CPU s over burst and follow (%.1f s): service / its stores / load generator, on the same cores | %.1f / %.1f / %.1f |%n",
                        durationMillis / 1000.0, f.serviceCpuSeconds, f.storesCpuSeconds, f.loadGeneratorCpuSeconds)
                + (f.cpuWhileUnitsWent == null ? "" : String.format("| cores in use from the burst's start to the last unit held (%.1f s), of the"
                        + " machine's %d: every process / service / its stores / load generator | %s |%n", f.cpuWhileUnitsWent.seconds(),
                        CpuTimeline.CORES, f.cpuWhileUnitsWent.markdown()));
    }

    private String description() {
        String room = shoppers + " shoppers join within " + burstSeconds + " s; room admits at most " + admitPerSecond + "/s";
        if (!follow.streaming()) {
            return room + "; tickets read every " + pollMillis + " ms until admitted or told sold out (follow mode poll: no streams).";
        }
        return room + ". " + follow.streamsPlanned + " of them opened their notification stream before the burst; each shopper acts"
                + " on the join's answer and on the pushes (QUEUE_POSITION, QUEUE_ADMITTED, QUEUE_SOLD_OUT) as the sale page does and"
                + " reads the ticket once after " + follow.fallbackMillis + " ms with nothing heard (every " + pollMillis
                + " ms while its stream is not live), until admitted or told sold out (follow mode stream).";
    }

    /** A row of latencies from the request's send, i.e. without the wait for a load-generator slot. */
    private static String fromSend(String what, int[] millis) {
        Map<String, Integer> p = percentiles(millis);
        return millis.length == 0 ? "" : "| " + what + " from the request's send (after its wait for one of the load generator's slots): p50 / p99 / max ms | "
                + p.get("p50") + " / " + p.get("p99") + " / " + p.get("max") + " |\n";
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
