package dev.processledger.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Random and malformed bodies (truncated JSON, wrong types, huge numbers, deep nesting, invalid UTF-8, NUL
 * bytes, random bytes) sent to both POST endpoints over HTTP: never a 5xx, and a refused request never changes
 * the store. Seeded, so a failure reproduces; prints how many cases ran.
 */
@H2Store
class MalformedRequestsTest extends ApiTestSupport {

    private static final List<String> VALID = List.of(
            "{\"type\":\"step_started\",\"step\":\"build\",\"detail\":\"d\"}",
            "{\"type\":\"progress\",\"step\":\"build\",\"message\":\"m\",\"percent\":50}",
            "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":{\"k\":[1,2,{\"x\":true}]}}",
            "{\"type\":\"step_failed\",\"step\":\"build\",\"error\":\"e\"}",
            "{\"type\":\"completed\",\"summary\":\"s\"}",
            "{\"type\":\"failed\",\"error\":\"e\"}",
            "{\"namespace\":\"fuzz\",\"name\":\"n\",\"steps\":[{\"key\":\"build\",\"label\":\"B\",\"human\":true}],"
                    + "\"stale_after_seconds\":60}");
    private static final List<String> ODD_VALUES = List.of("null", "true", "-1", "1e999", "-1e999",
            "99999999999999999999999999999", "0.5", "\"\"", "\"\\u0000\"", "[]", "{}", "\"" + "x".repeat(5000) + "\"",
            "[".repeat(3000) + "]".repeat(3000), "{\"a\":".repeat(2000) + "1" + "}".repeat(2000), "NaN",
            "\"\\ud800\"", "1.7976931348623157E309");

    @Test
    void noBodyEverYieldsAServerErrorOrChangesStateWhenRefused() {
        Random random = new Random(20261128);
        String id = createProcess(uniqueNamespace(), "build");
        List<Function<Random, byte[]>> mutators = List.of(
                r -> truncate(r, pick(r, VALID)),
                r -> replaceValue(r, pick(r, VALID)),
                r -> flipBytes(r, pick(r, VALID)),
                r -> invalidUtf8(r, pick(r, VALID)),
                r -> randomBytes(r),
                r -> pick(r, ODD_VALUES).getBytes(StandardCharsets.UTF_8));
        int cases = 0;
        for (int i = 0; i < 600; i++) {
            byte[] body = mutators.get(random.nextInt(mutators.size())).apply(random);
            String path = random.nextBoolean() ? "/api/v1/processes/" + id + "/update" : "/api/v1/processes";
            long before = eventCount();
            Api.Response response = api.send(api.request(path, ADMIN_TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
            cases++;
            assertThat(response.status()).as("case %d: %s", i, preview(body)).isLessThan(500);
            if (response.status() >= 400) {
                assertThat(eventCount()).as("case %d appended although refused", i).isEqualTo(before);
                assertThat(response.contentType()).startsWith("application/problem+json");
            }
        }
        System.out.printf("fuzz: cases=%d, no 5xx, refused ones appended nothing%n", cases);
    }

    private static String pick(Random random, List<String> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static byte[] truncate(Random random, String json) {
        return json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
    }

    /** Puts an odd value where some value of the body was. */
    private static byte[] replaceValue(Random random, String json) {
        int colon = json.indexOf(':', random.nextInt(json.length()));
        if (colon < 0) {
            return json.getBytes(StandardCharsets.UTF_8);
        }
        int end = colon + 1;
        while (end < json.length() && ",}]".indexOf(json.charAt(end)) < 0) {
            end++;
        }
        return (json.substring(0, colon + 1) + pick(random, ODD_VALUES) + json.substring(end))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] flipBytes(Random random, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 1 + random.nextInt(4); i++) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static byte[] invalidUtf8(Random random, String json) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int at = json.indexOf('"', random.nextInt(json.length()));
        if (at < 0 || at + 1 >= bytes.length) {
            return bytes;
        }
        byte[] broken = {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, 0};
        byte[] out = new byte[bytes.length + broken.length];
        System.arraycopy(bytes, 0, out, 0, at + 1);
        System.arraycopy(broken, 0, out, at + 1, broken.length);
        System.arraycopy(bytes, at + 1, out, at + 1 + broken.length, bytes.length - at - 1);
        return out;
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(200)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String preview(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
