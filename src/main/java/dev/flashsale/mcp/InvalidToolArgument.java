package dev.flashsale.mcp;

/** A tool argument that fails validation; becomes an MCP tool error, never a protocol error. */
final class InvalidToolArgument extends RuntimeException {

    InvalidToolArgument(String message) {
        super(message, null, false, false);
    }
}
