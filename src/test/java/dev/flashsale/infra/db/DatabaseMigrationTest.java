package dev.flashsale.infra.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DatabaseMigrationTest {

    @Test
    void derivesJdbcUrlFromR2dbcUrl() {
        assertThat(DatabaseMigration.jdbcUrl("r2dbc:postgresql://db:5432/shop?sslmode=require"))
                .isEqualTo("jdbc:postgresql://db:5432/shop?sslmode=require");
        assertThat(DatabaseMigration.jdbcUrl("r2dbc:pool:postgresql://db/shop")).isEqualTo("jdbc:postgresql://db/shop");
    }

    @Test
    void refusesAUrlItCannotTranslate() {
        assertThatThrownBy(() -> DatabaseMigration.jdbcUrl("postgres://db/shop"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("flashsale.migration.jdbc-url");
    }
}
