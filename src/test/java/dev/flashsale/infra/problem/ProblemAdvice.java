package dev.flashsale.infra.problem;

/** The annotated controllers' problem handler, for slice tests that bind one controller without the context. */
public final class ProblemAdvice {

    private ProblemAdvice() {
    }

    public static Object forControllers() {
        return new ProblemHandler();
    }
}
