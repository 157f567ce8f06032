package dev.processledger.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PackagedService;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The export streams with constant memory: 100,000 events (with a valid hash chain, written straight into the
 * H2 store) go out through a service whose heap is capped far below the export's size, and the shipped script
 * verifies every line. Prints the export throughput; bench/export-throughput.sh runs this test.
 */
class ExportAtScaleIT {

    private static final int EVENTS = 100_000;
    private static final String HEAP = "64m";
    /** Makes each line about 850 bytes, so the export is larger than the heap it goes through. */
    private static final String PADDING = "build log excerpt ".repeat(17);

    private static final String TOKEN = TokenSecrets.generate();
    private static final ObjectMapper STORED = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void exportsAHundredThousandEventsThroughASmallHeap() throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "export-scale-");
        int port = PackagedService.freePort();
        Api api = new Api("http://127.0.0.1:" + port);
        String processId;
        String bootstrapTokenId;
        try (PackagedService service = PackagedService.start(dataDir, port, TOKEN, "seed")) {
            processId = api.post(
                            "/api/v1/processes",
                            TOKEN,
                            Map.of(
                                    "namespace",
                                    "bulk",
                                    "name",
                                    "bulk",
                                    "steps",
                                    List.of(Map.of("key", "work", "label", "Work"))))
                    .text("process_id");
            api.post(
                    "/api/v1/processes/" + processId + "/update",
                    TOKEN,
                    "{\"type\":\"step_started\",\"step\":\"work\"}");
            bootstrapTokenId = api.get("/api/v1/processes/" + processId + "/events", TOKEN)
                    .json()
                    .path("events")
                    .get(1)
                    .path("actor")
                    .path("token_id")
                    .asText();
            service.stop();
        }
        seed(dataDir, processId, new Actor(bootstrapTokenId, "bootstrap"));

        try (PackagedService service = PackagedService.start(dataDir, port, TOKEN, "export", HEAP)) {
            Path export = dataDir.resolve("export.ndjson");
            long started = System.nanoTime();
            HttpResponse<InputStream> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/audit/export"))
                                    .header("Authorization", "Bearer " + TOKEN)
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            long lines = 0;
            long bytes = 0;
            try (BufferedReader reader =
                            new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
                    var out = Files.newBufferedWriter(export)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    out.write(line);
                    out.write('\n');
                    lines++;
                    bytes += line.length() + 1;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf(
                    "export: events=%d bytes=%d seconds=%.2f events_per_second=%.0f heap=%s%n",
                    lines, bytes, seconds, lines / seconds, HEAP);

            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(lines).isEqualTo(EVENTS + 2);
            assertThat(bytes)
                    .as("the export is larger than the heap it streams through")
                    .isGreaterThan(64L << 20);
            java.lang.Process verify = new ProcessBuilder("python3", "docs/verify-export.py", export.toString())
                    .redirectErrorStream(true)
                    .start();
            String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(verify.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(verify.exitValue()).as(output).isZero();
            assertThat(output).contains("OK: 1 processes, 0 failures");
        }
    }

    /** Appends progress events 2..EVENTS+1 to the process, each with its hash chained to the previous one. */
    private static void seed(Path dataDir, String processId, Actor actor) throws Exception {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("ledger");
        try (Connection db = DriverManager.getConnection(url, "ledger", "")) {
            db.setAutoCommit(false);
            String previous;
            try (var query = db.prepareStatement(
                    "SELECT hash FROM event_audit WHERE aggregate_identifier = ? AND sequence_number = 1")) {
                query.setString(1, processId);
                var rs = query.executeQuery();
                rs.next();
                previous = rs.getString(1);
            }
            byte[] metaData = STORED.writeValueAsBytes(actor.toMetaData());
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            try (PreparedStatement event = db.prepareStatement("""
                    INSERT INTO domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                        time_stamp, payload_type, payload_revision, payload, meta_data)
                    VALUES (?, ?, ?, 'Process', ?, ?, '1', ?, ?)""");
                    PreparedStatement audit = db.prepareStatement("""
                    INSERT INTO event_audit (aggregate_identifier, sequence_number, global_index, org_id, namespace,
                        occurred_at, hash, prev_hash, content)
                    VALUES (?, ?, (SELECT global_index FROM domain_event_entry WHERE aggregate_identifier = ?
                        AND sequence_number = ?), 'default', 'default.bulk', ?, ?, ?, ?)""")) {
                for (long sequence = 2; sequence < EVENTS + 2; sequence++) {
                    Instant at = start.plusMillis(sequence);
                    StepProgressedEvent progressed = new StepProgressedEvent(
                            processId,
                            "work",
                            "step " + sequence + " of " + EVENTS + ", \"quoted\" ü " + PADDING,
                            (int) (sequence % 101),
                            at);
                    byte[] payload = STORED.writeValueAsBytes(progressed);
                    String content = AuditRecord.content(progressed, sequence, actor, payload, previous);
                    String hash = AuditRecord.sha256(content);
                    event.setString(1, UUID.randomUUID().toString());
                    event.setString(2, processId);
                    event.setLong(3, sequence);
                    event.setString(4, at.toString());
                    event.setString(5, StepProgressedEvent.class.getName());
                    event.setBytes(6, payload);
                    event.setBytes(7, metaData);
                    event.addBatch();
                    audit.setString(1, processId);
                    audit.setLong(2, sequence);
                    audit.setString(3, processId);
                    audit.setLong(4, sequence);
                    audit.setObject(5, at.atOffset(ZoneOffset.UTC));
                    audit.setString(6, hash);
                    audit.setString(7, previous);
                    audit.setString(8, content);
                    audit.addBatch();
                    previous = hash;
                    if (sequence % 5_000 == 0) {
                        event.executeBatch();
                        audit.executeBatch();
                    }
                }
                event.executeBatch();
                audit.executeBatch();
            }
            db.commit();
        }
    }
}
