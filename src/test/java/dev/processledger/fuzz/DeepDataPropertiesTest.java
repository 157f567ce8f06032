package dev.processledger.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processledger.ProcessLedgerApplication;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.SseClient;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Whatever {@code data} the service accepts can be read back: random deep (up to the 64-level limit) and wide
 * objects of strings, numbers, booleans and nulls go in with {@code step_completed} and come back equal through
 * GET, {@code /events} (JSON and NDJSON) and {@code /state}; the stream delivers each change; the export of it all
 * verifies with the shipped verifier. Never a 5xx, never a crash.
 */
class DeepDataPropertiesTest {

    private static final String TOKEN = TokenSecrets.generate();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * Numbers compare as the doubles JSON readers hold (RFC 8785 writes the audit record's numbers so): 1e2 and
     * 100.0 are the same number, and so are two decimal spellings of one double.
     */
    private static final Comparator<JsonNode> SAME_VALUE = (a, b) ->
            a.isNumber() && b.isNumber() ? Double.compare(a.doubleValue(), b.doubleValue()) : a.equals(b) ? 0 : 1;

    private static ConfigurableApplicationContext service;
    private static Api api;
    private static SseClient stream;

    @BeforeContainer
    static void start() throws IOException, InterruptedException {
        Files.createDirectories(Path.of("target"));
        Path dataDir = Files.createTempDirectory(Path.of("target"), "h2-deep-data-");
        service = new SpringApplicationBuilder(ProcessLedgerApplication.class)
                .run(
                        "--server.port=0",
                        "--ledger.data-dir=" + dataDir.toAbsolutePath(),
                        "--ledger.bootstrap.token=" + TOKEN,
                        "--spring.jmx.enabled=false",
                        "--ledger.rate-limit.per-second=0",
                        "--ledger.rate-limit.per-organization-per-second=0");
        String base = "http://127.0.0.1:"
                + ((WebServerApplicationContext) service).getWebServer().getPort();
        api = new Api(base);
        stream = new SseClient(base + "/api/v1/stream", TOKEN, null);
        stream.awaitConnected(Duration.ofSeconds(10));
    }

    @AfterContainer
    static void stopAfterVerifyingTheExport() throws Exception {
        try {
            Api.Response export = api.get("/api/v1/audit/export", TOKEN);
            assertThat(export.status()).isEqualTo(200);
            Path file = Files.createTempFile(Path.of("target"), "deep-data-export", ".ndjson");
            Files.writeString(file, export.raw().body(), StandardCharsets.UTF_8);
            Process verifier = new ProcessBuilder("python3", "docs/verify-export.py", file.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(verifier.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verifier.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(verifier.exitValue())
                    .as(output.lines()
                            .filter(l -> !l.startsWith("process "))
                            .toList()
                            .toString())
                    .isZero();
        } finally {
            stream.close();
            service.close();
        }
    }

    @Property(tries = 60)
    void acceptedDataReadsBackEverywhere(@ForAll("data") ObjectNode data) throws Exception {
        String id = api.post(
                        "/api/v1/processes",
                        TOKEN,
                        Map.of("namespace", "deep", "name", "data", "steps", List.of(Map.of("key", "a", "label", "A"))))
                .text("process_id");
        Api.Response accepted = api.post(
                "/api/v1/processes/" + id + "/update",
                TOKEN,
                "{\"type\":\"step_completed\",\"step\":\"a\",\"data\":" + JSON.writeValueAsString(data) + "}");
        assertThat(accepted.status()).as(accepted.raw().body()).isEqualTo(200);

        JsonNode process = ok(api.get("/api/v1/processes/" + id, TOKEN)).json();
        JsonNode events =
                ok(api.get("/api/v1/processes/" + id + "/events", TOKEN)).json();
        Api.Response lines = ok(api.send(api.request("/api/v1/processes/" + id + "/events", TOKEN)
                .header("Accept", "application/x-ndjson")
                .GET()
                .build()));
        JsonNode state = ok(api.get("/api/v1/processes/" + id + "/state?sequence=1", TOKEN))
                .json();

        assertSame("GET", process.path("timeline").get(0).path("data"), data);
        assertSame("/events", events.path("events").get(1).path("data").path("data"), data);
        assertSame(
                "/events as NDJSON",
                JSON.readTree(lines.raw().body().lines().toList().get(1))
                        .path("data")
                        .path("data"),
                data);
        assertSame("/state", state.path("timeline").get(0).path("data"), data);
        assertThat(ok(api.get("/api/v1/processes/" + id + "/verify", TOKEN))
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
        assertThat(streamedChangesOf(id))
                .as("the stream delivers the creation and the completion")
                .isEqualTo(2);
    }

    private static Api.Response ok(Api.Response response) {
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return response;
    }

    private static void assertSame(String reader, JsonNode actual, JsonNode expected) {
        assertThat(actual.equals(SAME_VALUE, expected))
                .as("%s read back %s", reader, actual)
                .isTrue();
    }

    private static int streamedChangesOf(String processId) throws Exception {
        int seen = 0;
        for (SseClient.Message message = stream.nextEvent(Duration.ofSeconds(10));
                message != null && seen < 2;
                message = seen < 2 ? stream.nextEvent(Duration.ofSeconds(10)) : null) {
            seen += JSON.readTree(message.data())
                            .path("process")
                            .path("process_id")
                            .asText()
                            .equals(processId)
                    ? 1
                    : 0;
        }
        return seen;
    }

    @Provide
    Arbitrary<ObjectNode> data() {
        return Arbitraries.randomValue(random -> {
            boolean deep = random.nextBoolean();
            int depth = deep ? 1 + random.nextInt(64) : 1 + random.nextInt(6);
            ObjectNode root = NODES.objectNode();
            fill(root, 1, depth, deep ? 2 : 6, random, new int[] {deep ? 150 : 200});
            return root;
        });
    }

    /** Adds members or items to a container at {@code level}, nesting further while the level and budget allow. */
    private static void fill(JsonNode container, int level, int depth, int width, Random random, int[] budget) {
        int count = 1 + random.nextInt(width);
        for (int i = 0; i < count && budget[0]-- > 0; i++) {
            JsonNode child;
            if (level < depth && (i == 0 || random.nextInt(3) == 0)) {
                child = random.nextBoolean() ? NODES.objectNode() : NODES.arrayNode();
                fill(child, level + 1, depth, width, random, budget);
            } else {
                child = scalar(random);
            }
            if (container instanceof ObjectNode object) {
                object.set(text(random), child);
            } else {
                ((ArrayNode) container).add(child);
            }
        }
    }

    private static JsonNode scalar(Random random) {
        return switch (random.nextInt(7)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong() % 9007199254740991L);
            case 3 ->
                NODES.numberNode(
                        new BigDecimal(random.nextInt(2_000_000) - 1_000_000).movePointLeft(random.nextInt(8)));
            case 4 -> NODES.numberNode(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            default -> NODES.textNode(text(random));
        };
    }

    /** Short text with characters from the awkward corners: quotes, escapes, controls, non-Latin, emoji. */
    private static String text(Random random) {
        String[] pieces = {
            "a", "Z", "\"", "\\", "/", "\n", "\t", "\u0001", "\u007f", "é", "ю", "文", "\ud83d\ude80", " ", "key"
        };
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(6); i >= 0; i--) {
            text.append(pieces[random.nextInt(pieces.length)]);
        }
        return text.toString();
    }
}
