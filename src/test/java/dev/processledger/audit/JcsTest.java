package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The canonical form against RFC 8785's published examples: number serialisation, escaping, member order. */
class JcsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            0000000000000000, 0
            8000000000000000, 0
            0000000000000001, 5e-324
            8000000000000001, -5e-324
            7fefffffffffffff, 1.7976931348623157e+308
            ffefffffffffffff, -1.7976931348623157e+308
            4340000000000000, 9007199254740992
            c340000000000000, -9007199254740992
            4430000000000000, 295147905179352830000
            44b52d02c7e14af5, 9.999999999999997e+22
            44b52d02c7e14af6, 1e+23
            44b52d02c7e14af7, 1.0000000000000001e+23
            444b1ae4d6e2ef4e, 999999999999999700000
            444b1ae4d6e2ef4f, 999999999999999900000
            444b1ae4d6e2ef50, 1e+21
            3eb0c6f7a0b5ed8c, 9.999999999999997e-7
            3eb0c6f7a0b5ed8d, 0.000001
            41b3de4355555553, 333333333.3333332
            41b3de4355555554, 333333333.33333325
            41b3de4355555555, 333333333.3333333
            41b3de4355555556, 333333333.3333334
            41b3de4355555557, 333333333.33333343
            43143ff3c1cb0959, 1424953923781206.2
            """)
    void numbersAreWrittenAsEcmaScriptWritesThem(String ieeeHex, String expected) {
        double value = Double.longBitsToDouble(Long.parseUnsignedLong(ieeeHex, 16));

        assertThat(Jcs.number(value)).isEqualTo(expected);
    }

    @Test
    void notANumberAndInfinityHaveNoCanonicalForm() {
        assertThatThrownBy(() -> Jcs.number(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Jcs.number(Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theRfcsSampleObjectIsCanonicalised() throws Exception {
        String input = "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
                + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\","
                + " \"literals\": [null, true, false]}";
        Object parsed = new ObjectMapper().readValue(input, Object.class);

        assertThat(Jcs.write(parsed))
                .isEqualTo("{\"literals\":[null,true,false],"
                        + "\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void membersAreSortedByTheirUtf16CodeUnits() {
        Map<String, Object> members = new LinkedHashMap<>();
        for (String name : List.of("\u20ac", "\r", "\ufb33", "1", "\ud83d\ude00", "\u0080", "\u00f6")) {
            members.put(name, name.length());
        }

        assertThat(Jcs.write(members))
                .isEqualTo(
                        "{\"\\r\":1,\"1\":1,\"\u0080\":1,\"\u00f6\":1,\"\u20ac\":1,\"\ud83d\ude00\":2,\"\ufb33\":1}");
    }

    @Test
    void anyNestingIsWrittenWithoutRecursion() {
        Object value = 1;
        for (int i = 0; i < 100_000; i++) {
            value = i % 2 == 0 ? List.of(value) : Map.of("x", value);
        }

        String canonical = Jcs.write(value);

        assertThat(canonical).startsWith("{\"x\":[{\"x\":[").endsWith("]}]}").hasSize(50_000 * 6 + 50_000 * 2 + 1);
    }
}
