package dev.tandem.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void decodeReturnsPlainValues() {
        Object decoded = JsonValues.decode("{\"b\":[1,2147483648,1.5,true,null],\"a\":{\"x\":\"y\"}}");

        assertThat(decoded).isInstanceOf(LinkedHashMap.class);
        Map<?, ?> map = (Map<?, ?>) decoded;
        assertThat(new java.util.ArrayList<Object>(map.keySet())).containsExactly("b", "a");
        assertThat(map.get("b")).isEqualTo(java.util.Arrays.asList(1, 2_147_483_648L, 1.5, true, null));
        assertThat(map.get("a")).isInstanceOf(LinkedHashMap.class);
        assertThat(JsonValues.decode("123456789012345678901")).isEqualTo(new BigInteger("123456789012345678901"));
    }

    @Test
    void loneSurrogatesAreEscaped() {
        String value = "a\uD800b\uDC00c\uD83D\uDE00";

        String encoded = JsonValues.encode(List.of(value));

        assertThat(encoded).isEqualTo("[\"a\\ud800b\\udc00c\uD83D\uDE00\"]");
        assertThat(JsonValues.decode(encoded)).isEqualTo(List.of(value));
    }

    @Test
    void surrogateAtEndIsEscaped() {
        assertThat(JsonValues.escapeLoneSurrogates("x\uD800")).isEqualTo("x\\ud800");
        assertThat(JsonValues.escapeLoneSurrogates("\uDC00x")).isEqualTo("\\udc00x");
        assertThat(JsonValues.escapeLoneSurrogates("\uD800\uD800\uDC00")).isEqualTo("\\ud800\uD800\uDC00");
    }
}
