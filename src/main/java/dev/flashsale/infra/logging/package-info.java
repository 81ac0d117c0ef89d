/**
 * How the libraries' Commons Logging calls reach SLF4J: internal to the {@code infra} module, found by
 * Commons Logging's service lookup, used by no feature.
 */
package dev.flashsale.infra.logging;
