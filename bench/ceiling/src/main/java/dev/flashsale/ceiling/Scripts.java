package dev.flashsale.ceiling;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.springframework.core.io.ClassPathResource;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import reactor.core.publisher.Mono;

/**
 * The product's scripts (lua/*.lua, packaged by this module's pom from the repository's top-level
 * lua/ folder), with their {@code -- @include name} lines replaced by lua/lib/name.lua exactly as the
 * product's LuaScripts does, run by SHA; a NOSCRIPT reply (fresh Redis) loads the script once.
 */
final class Scripts {

    record Script(String source, String sha) {
    }

    private Scripts() {
    }

    static Script read(String name) {
        StringBuilder out = new StringBuilder();
        for (String line : resource("lua/" + name + ".lua").split("\n", -1)) {
            if (line.startsWith("-- @include ")) {
                out.append(resource("lua/lib/" + line.substring("-- @include ".length()).trim() + ".lua"));
            } else {
                out.append(line).append('\n');
            }
        }
        String source = out.toString();
        return new Script(source, sha1(source));
    }

    static Mono<List<Object>> run(RedisReactiveCommands<String, String> redis, Script script, String[] keys, String... args) {
        return redis.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args).next()
                .onErrorResume(RedisNoScriptException.class, e -> redis.scriptLoad(script.source())
                        .then(redis.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI, keys, args).next()));
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
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
