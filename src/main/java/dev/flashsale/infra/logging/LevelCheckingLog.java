package dev.flashsale.infra.logging;

import org.apache.commons.logging.Log;

/** A {@link Log} that hands a message on only when its level is enabled, so a disabled one is never rendered. */
record LevelCheckingLog(Log log) implements Log {

    @Override
    public boolean isTraceEnabled() {
        return log.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return log.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return log.isInfoEnabled();
    }

    @Override
    public boolean isWarnEnabled() {
        return log.isWarnEnabled();
    }

    @Override
    public boolean isErrorEnabled() {
        return log.isErrorEnabled();
    }

    @Override
    public boolean isFatalEnabled() {
        return log.isFatalEnabled();
    }

    @Override
    public void trace(Object message) {
        if (log.isTraceEnabled()) {
            log.trace(message);
        }
    }

    @Override
    public void trace(Object message, Throwable t) {
        if (log.isTraceEnabled()) {
            log.trace(message, t);
        }
    }

    @Override
    public void debug(Object message) {
        if (log.isDebugEnabled()) {
            log.debug(message);
        }
    }

    @Override
    public void debug(Object message, Throwable t) {
        if (log.isDebugEnabled()) {
            log.debug(message, t);
        }
    }

    @Override
    public void info(Object message) {
        if (log.isInfoEnabled()) {
            log.info(message);
        }
    }

    @Override
    public void info(Object message, Throwable t) {
        if (log.isInfoEnabled()) {
            log.info(message, t);
        }
    }

    @Override
    public void warn(Object message) {
        if (log.isWarnEnabled()) {
            log.warn(message);
        }
    }

    @Override
    public void warn(Object message, Throwable t) {
        if (log.isWarnEnabled()) {
            log.warn(message, t);
        }
    }

    @Override
    public void error(Object message) {
        if (log.isErrorEnabled()) {
            log.error(message);
        }
    }

    @Override
    public void error(Object message, Throwable t) {
        if (log.isErrorEnabled()) {
            log.error(message, t);
        }
    }

    @Override
    public void fatal(Object message) {
        if (log.isFatalEnabled()) {
            log.fatal(message);
        }
    }

    @Override
    public void fatal(Object message, Throwable t) {
        if (log.isFatalEnabled()) {
            log.fatal(message, t);
        }
    }
}
