package dev.flashsale.infra.problem;

import java.util.List;

import io.lettuce.core.RedisCommandExecutionException;

/**
 * Redis error replies that mean "not now" rather than "wrong command": the server is out of memory
 * under {@code noeviction} ({@code OOM}, also inside a script), loading its data set after a restart
 * ({@code LOADING}), running a long script ({@code BUSY}), a replica or a master without its replicas
 * ({@code READONLY}, {@code MASTERDOWN}), or a cluster re-sharding ({@code CLUSTERDOWN}, {@code TRYAGAIN}).
 * Such a command changed nothing: Redis refuses it before it runs, and refuses a script at its first
 * write (a script that wrote already is never stopped), so the answer is a retryable 503.
 */
final class RedisBusy {

    private static final List<String> MARKERS = List.of("OOM command not allowed", "LOADING ", "BUSY ", "READONLY ",
            "MASTERDOWN ", "CLUSTERDOWN ", "TRYAGAIN ");

    private RedisBusy() {
    }

    /** True for such a reply from Lettuce, also when Spring Data Redis wrapped it. */
    static boolean refused(Throwable error) {
        for (Throwable e = error; e != null; e = e.getCause() == e ? null : e.getCause()) {
            String message = e.getMessage();
            // a reply of its own ("OOM ..."), or the error of a command inside a script ("... -OOM ...")
            if (e instanceof RedisCommandExecutionException && message != null
                    && MARKERS.stream().anyMatch(marker -> message.startsWith(marker) || message.contains("-" + marker))) {
                return true;
            }
        }
        return false;
    }
}
