package dev.processledger.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.SseClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code GET /stream} end to end: live delivery, isolation, filters, resume, reset, keep-alive, the cap. */
public abstract class LiveStreamContract extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    private int port;

    private SseClient connect(String token, String query, String lastEventId) throws Exception {
        SseClient client = new SseClient(url() + query, token, lastEventId);
        assertThat(client.status()).isEqualTo(200);
        return client;
    }

    private static JsonNode data(SseClient.Message message) throws Exception {
        return JSON.readTree(message.data());
    }

    @Test
    void deliversEveryChangeOfTheOrganisationWithIncreasingIds() throws Exception {
        try (SseClient stream = connect(reader(), "", null)) {
            String id = createProcess(uniqueNamespace(), "build");
            accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");

            SseClient.Message created = nextFor(stream, id);
            SseClient.Message started = nextFor(stream, id);

            assertThat(created.event()).isEqualTo("process_update");
            JsonNode payload = data(started);
            assertThat(payload.path("type").asText()).isEqualTo("process_update");
            assertThat(payload.path("update").asText()).isEqualTo("step_started");
            assertThat(payload.path("process").path("process_id").asText()).isEqualTo(id);
            assertThat(payload.path("process").path("status").asText()).isEqualTo("running");
            assertThat(payload.path("process").path("current_step").asText()).isEqualTo("build");
            assertThat(Long.parseLong(started.id())).isGreaterThan(Long.parseLong(created.id()));
        }
    }

    @Test
    void anotherOrganisationsChangesAreNeverSent() throws Exception {
        String other = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Elsewhere")).text("admin_token");
        try (SseClient stream = connect(other, "", null)) {
            String foreign = createProcess(uniqueNamespace(), "a");
            accepted(foreign, "{\"type\":\"step_started\",\"step\":\"a\"}");
            String own = api.post("/api/v1/processes", other, processBody("mine", "a")).text("process_id");

            SseClient.Message first = stream.nextEvent(WAIT);

            assertThat(first).isNotNull();
            assertThat(data(first).path("process").path("process_id").asText()).isEqualTo(own);
            assertThat(stream.eventsWithin(Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void aProcessFilterNarrowsTheStream() throws Exception {
        String watched = createProcess(uniqueNamespace(), "a");
        String other = createProcess(uniqueNamespace(), "a");
        try (SseClient stream = connect(reader(), "?process_id=" + watched, null)) {
            accepted(other, "{\"type\":\"step_started\",\"step\":\"a\"}");
            accepted(watched, "{\"type\":\"step_started\",\"step\":\"a\"}");

            SseClient.Message message = stream.nextEvent(WAIT);

            assertThat(data(message).path("process").path("process_id").asText()).isEqualTo(watched);
        }
    }

    @Test
    void reconnectingWithLastEventIdDeliversWhatWasMissed() throws Exception {
        String id = createProcess(uniqueNamespace(), "a", "b");
        String lastSeen;
        try (SseClient stream = connect(reader(), "?process_id=" + id, null)) {
            accepted(id, "{\"type\":\"step_started\",\"step\":\"a\"}");
            lastSeen = nextFor(stream, id).id();
        }
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"a\"}");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"b\"}");

        try (SseClient resumed = connect(reader(), "?process_id=" + id, lastSeen)) {
            List<String> updates = List.of(data(resumed.nextEvent(WAIT)).path("update").asText(),
                    data(resumed.nextEvent(WAIT)).path("update").asText());

            assertThat(updates).containsExactly("step_completed", "step_started");
            accepted(id, "{\"type\":\"step_completed\",\"step\":\"b\"}");
            assertThat(data(resumed.nextEvent(WAIT)).path("update").asText()).as("then live again")
                    .isEqualTo("step_completed");
        }
    }

    @Test
    void anUnknownLastEventIdStartsWithAReset() throws Exception {
        createProcess(uniqueNamespace(), "a");
        try (SseClient stream = connect(reader(), "", "not-an-id")) {
            SseClient.Message first = stream.nextEvent(WAIT);

            assertThat(first.event()).isEqualTo("reset");
            assertThat(data(first).path("reason").asText()).contains("unknown");
            assertThat(data(first).has("from")).isTrue();
            assertThat(stream.nextEvent(WAIT).event()).as("followed by the retained events")
                    .isEqualTo("process_update");
        }
    }

    @Test
    void sendsKeepAliveComments() throws Exception {
        try (SseClient stream = connect(reader(), "", null)) {
            SseClient.Message message = stream.next(Duration.ofSeconds(5));

            assertThat(message).isNotNull();
            assertThat(message.comment()).isEqualTo("keep-alive");
        }
    }

    @Test
    void aTokenMayHoldOnlyALimitedNumberOfStreams() throws Exception {
        String token = reader();
        try (SseClient one = connect(token, "", null); SseClient two = connect(token, "", null)) {
            SseClient third = new SseClient(url(), token, null);

            assertThat(third.status()).isEqualTo(429);
            assertThat(third.response().headers().firstValue("Retry-After")).hasValue("5");
            third.close();
        }
        assertThat(statusOnceFreed(token)).as("closed streams free their places").isEqualTo(200);
    }

    @Test
    void anUnknownProcessFilterIs404AndNoTokenIs401() throws Exception {
        assertProblem(api.get("/api/v1/stream?process_id=" + java.util.UUID.randomUUID(), ADMIN_TOKEN), 404,
                "not-found", "Process not found");
        assertProblem(api.get("/api/v1/stream", null), 401, "unauthorized", "Unauthorized");
    }

    /** The server notices a closed stream when it next writes to it (a keep-alive at the latest). */
    private int statusOnceFreed(String token) throws Exception {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (SseClient client = new SseClient(url(), token, null)) {
                if (client.status() == 200) {
                    return 200;
                }
            }
            Thread.sleep(500);
        }
        return 429;
    }

    private String url() {
        return "http://127.0.0.1:" + port + "/api/v1/stream";
    }

    /** Each test streams with a token of its own, so the per-token cap of one test never affects another. */
    private String reader() {
        return api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "stream reader",
                "scopes", List.of("processes:read"))).text("token");
    }

    private static SseClient.Message nextFor(SseClient stream, String processId) throws Exception {
        for (SseClient.Message message = stream.nextEvent(WAIT); message != null; message = stream.nextEvent(WAIT)) {
            if (data(message).path("process").path("process_id").asText().equals(processId)) {
                return message;
            }
        }
        throw new AssertionError("no message for " + processId);
    }
}
