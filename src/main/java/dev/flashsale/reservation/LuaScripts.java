package dev.flashsale.reservation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.core.io.ClassPathResource;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisScriptingReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * Runs the {@code lua/*.lua} scripts by SHA over one shared Lettuce connection. Each script is read
 * once, its {@code -- @include name} lines replaced by {@code lua/lib/name.lua}, and loaded on
 * first use; after a Redis restart (script cache empty) the NOSCRIPT reply triggers one reload.
 * Public so that the waiting room runs its scripts (same hash tag, same connection) the same way.
 */
public final class LuaScripts {

    /** One loaded script: its source and SHA-1. */
    public record Script(String name, String source, String sha) {
    }

    private final EngineCommands connection;

    public LuaScripts(EngineCommands connection) {
        this.connection = connection;
    }

    public static Script read(String name) {
        String source = inline(resource("lua/" + name + ".lua"));
        return new Script(name, source, sha1(source));
    }

    /** The script's reply: every script answers an array whose first element is its result code. */
    public Mono<List<Object>> run(Script script, String[] keys, String... args) {
        RedisScriptingReactiveCommands<String, String> redis = connection.commands();
        return redis.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args)
                .next()
                .onErrorResume(RedisNoScriptException.class, e -> redis.scriptLoad(script.source())
                        .then(redis.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args).next()));
    }

    private static String inline(String source) {
        StringBuilder out = new StringBuilder();
        for (String line : source.split("\n", -1)) {
            if (line.startsWith("-- @include ")) {
                out.append(resource("lua/lib/" + line.substring("-- @include ".length()).trim() + ".lua"));
            } else {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static String resource(String path) {
        try {
            return new ClassPathResource(path).getContentAsString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Missing script " + path, e);
        }
    }

    private static String sha1(String source) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
