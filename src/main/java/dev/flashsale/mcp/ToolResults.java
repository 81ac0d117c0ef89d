package dev.flashsale.mcp;

import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.flashsale.infra.problem.ApiException;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds tool results. Failures are answered as tool results with {@code isError=true}: the MCP
 * spec wants tool failures visible to the model so it can correct itself, whereas a protocol
 * error would just abort the assistant's turn.
 */
final class ToolResults {

    private static final Logger log = LoggerFactory.getLogger(ToolResults.class);

    private final JsonMapper json;

    ToolResults(JsonMapper json) {
        this.json = json;
    }

    /** JSON text for any client plus the same object as structured content (which must be an object). */
    CallToolResult ok(Object body) {
        @SuppressWarnings("unchecked")
        Map<String, Object> structured = json.convertValue(body, Map.class);
        return CallToolResult.builder()
                .addTextContent(json.writeValueAsString(body))
                .structuredContent(structured)
                .isError(false)
                .build();
    }

    static CallToolResult error(String message) {
        return CallToolResult.builder().addTextContent(message).isError(true).build();
    }

    /** Runs a tool, turning bad arguments, problem-detail errors and surprises into tool errors. */
    static Mono<CallToolResult> guarded(String tool, Supplier<Mono<CallToolResult>> body) {
        return Mono.defer(body)
                .onErrorResume(InvalidToolArgument.class, e -> Mono.just(error("Invalid arguments: " + e.getMessage())))
                .onErrorResume(ApiException.class, e -> Mono.just(error(e.type().slug() + ": " + e.getMessage())))
                .onErrorResume(e -> {
                    log.warn("MCP tool {} failed", tool, e);
                    return Mono.just(error("The tool failed on our side; try again later."));
                });
    }
}
