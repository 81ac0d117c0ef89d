package dev.flashsale.infra.logging;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.logging.impl.Slf4jLogFactory;

/**
 * Commons Logging's SLF4J factory, with each message rendered only when its level is enabled.
 * Commons Logging 1.3's SLF4J adapter renders every message it is given ({@code String.valueOf}) and
 * leaves the level check to Logback, after the work is done. Spring Security's matchers log a
 * {@code LogMessage.format(...)} at debug for each matcher they try, so every request paid some thirty
 * {@code String.format} calls that no one read (Spring Framework 7 has the same cause behind
 * spring-framework#37266). Commons Logging finds this factory by its service lookup
 * ({@code META-INF/services/org.apache.commons.logging.LogFactory}) before its own default.
 * The caller a Logback pattern's {@code %C} or {@code %L} shows is this adapter; the default pattern
 * shows neither.
 */
public final class LevelCheckingLogFactory extends LogFactory {

    private final LogFactory slf4j = new Slf4jLogFactory();
    private final ConcurrentMap<String, Log> logs = new ConcurrentHashMap<>();

    @Override
    public Log getInstance(String name) {
        return logs.computeIfAbsent(name, n -> new LevelCheckingLog(slf4j.getInstance(n)));
    }

    @Override
    public Log getInstance(Class<?> clazz) {
        return getInstance(clazz.getName());
    }

    @Override
    public Object getAttribute(String name) {
        return slf4j.getAttribute(name);
    }

    @Override
    public String[] getAttributeNames() {
        return slf4j.getAttributeNames();
    }

    @Override
    public void removeAttribute(String name) {
        slf4j.removeAttribute(name);
    }

    @Override
    public void setAttribute(String name, Object value) {
        slf4j.setAttribute(name, value);
    }

    @Override
    public void release() {
        logs.clear();
        slf4j.release();
    }
}
