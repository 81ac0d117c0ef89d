package dev.flashsale.reservation;

import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;

/** The Redis commands the engine runs on; the connection behind them may be replaced (see EngineConnection). */
@FunctionalInterface
public interface EngineCommands {

    RedisClusterReactiveCommands<String, String> commands();
}
