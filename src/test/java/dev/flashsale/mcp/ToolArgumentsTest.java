package dev.flashsale.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Our own argument checks, which hold even when a client skips the published JSON schema. */
class ToolArgumentsTest {

    private static ToolArguments args(Map<String, Object> values) {
        return ToolArguments.of(values, Set.of("saleId", "limit", "status", "shopperId"));
    }

    @Test
    void integralNumbersOfAnyJsonShapeAreAccepted() {
        assertThat(args(Map.of("saleId", 7)).requiredId("saleId")).isEqualTo(7L);
        assertThat(args(Map.of("saleId", 7L)).requiredId("saleId")).isEqualTo(7L);
        assertThat(args(Map.of("saleId", 7.0)).requiredId("saleId")).isEqualTo(7L);
    }

    @Test
    void idsMustBePositiveIntegers() {
        assertThatThrownBy(() -> args(Map.of("saleId", "7")).requiredId("saleId")).isInstanceOf(InvalidToolArgument.class);
        assertThatThrownBy(() -> args(Map.of("saleId", 7.5)).requiredId("saleId")).isInstanceOf(InvalidToolArgument.class);
        assertThatThrownBy(() -> args(Map.of("saleId", 0)).requiredId("saleId")).isInstanceOf(InvalidToolArgument.class);
        assertThatThrownBy(() -> args(Map.of()).requiredId("saleId")).hasMessageContaining("required");
    }

    @Test
    void unknownArgumentsAreRejected() {
        assertThatThrownBy(() -> args(Map.of("saleId", 1, "drop", "table"))).hasMessageContaining("'drop'");
    }

    @Test
    void nullArgumentsMeanNone() {
        Map<String, Object> none = new HashMap<>();
        none.put("limit", null);
        assertThat(args(none).optionalInt("limit", 1, 100)).isEmpty();
        assertThat(ToolArguments.of(null, Set.of()).optionalInt("limit", 1, 100)).isEmpty();
    }

    @Test
    void rangesEnumsAndStringsAreChecked() {
        assertThat(args(Map.of("limit", 100)).optionalInt("limit", 1, 100)).contains(100);
        assertThatThrownBy(() -> args(Map.of("limit", 101)).optionalInt("limit", 1, 100)).hasMessageContaining("between");
        assertThatThrownBy(() -> args(Map.of("status", "on_sale")).optionalEnum("status", Set.of("ON_SALE")))
                .isInstanceOf(InvalidToolArgument.class);
        assertThat(args(Map.of("shopperId", " u1 ")).requiredString("shopperId", 10)).isEqualTo("u1");
        assertThatThrownBy(() -> args(Map.of("shopperId", "x".repeat(11))).requiredString("shopperId", 10))
                .isInstanceOf(InvalidToolArgument.class);
    }
}
