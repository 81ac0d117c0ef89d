package dev.flashsale.waitingroom;

import java.util.Arrays;

import dev.flashsale.infra.problem.ProblemType;

/**
 * The result codes of the queue scripts, mapped to what the API answers: the only place that knows
 * both the numbers and their meaning.
 */
enum QueueCode {
    OK(1, null, null),
    /** queue_consume: a retry, with the same Idempotency-Key, of the reserve the admission was spent on. */
    RETRY_OF_USE(2, null, null),
    /** queue_consume: the shopper holds a waitlist offer, whose unit the reserve claims: no admission needed. */
    OFFER_HOLDER(3, null, null),
    QUEUE_CLOSED(-1, ProblemType.QUEUE_CLOSED, "The waiting room takes joins from its opening until the sale ends."),
    NO_TICKET(-2, ProblemType.QUEUE_NOT_FOUND, "You have no ticket in this sale's waiting room."),
    ADMISSION_EXPIRED(-3, ProblemType.ADMISSION_REQUIRED, "Your admission expired; join the queue again."),
    ADMISSION_USED(-4, ProblemType.ADMISSION_REQUIRED, "This admission was already used for a reservation."),
    NOT_ADMITTED(-5, ProblemType.ADMISSION_REQUIRED, "This admission token is not your current admission.");

    private final long lua;
    private final ProblemType problem;
    private final String detail;

    QueueCode(long lua, ProblemType problem, String detail) {
        this.lua = lua;
        this.problem = problem;
        this.detail = detail;
    }

    static QueueCode of(Object reply) {
        long code = (Long) reply;
        return Arrays.stream(values()).filter(c -> c.lua == code).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown queue script code " + code));
    }

    ProblemType problem() {
        return problem;
    }

    String detail() {
        return detail;
    }
}
