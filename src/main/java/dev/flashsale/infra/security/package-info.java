/** Shared infrastructure every feature may use: exposed by the {@code infra} module as a named interface. */
@org.springframework.modulith.NamedInterface("security")
package dev.flashsale.infra.security;
