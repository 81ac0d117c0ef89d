/** Shared infrastructure every feature may use: exposed by the {@code infra} module as a named interface. */
@org.springframework.modulith.NamedInterface("db")
package dev.flashsale.infra.db;
