package dev.processledger.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.audit.LateCommit;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.SseClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.axonframework.serialization.Serializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;

/** {@code GET /stream} end to end: live delivery, isolation, filters, resume, reset, keep-alive, the cap. */
public abstract class LiveStreamContract extends ApiTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    @Qualifier("eventSerializer")
    private Serializer eventSerializer;

    private SseClient connect(String token, String query, String lastEventId) throws Exception {
        SseClient client = new SseClient(url() + query, token, lastEventId);
        assertThat(client.status()).isEqualTo(200);
        client.awaitConnected(WAIT);
        return client;
    }

    private static JsonNode data(SseClient.Message message) throws Exception {
        return JSON.readTree(message.data());
    }

    @Test
    void deliversEveryChangeOfTheOrganizationWithIncreasingIds() throws Exception {
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

    /**
     * Concurrent updates commit out of order: an event that took an earlier position than one already sent is
     * sent when it commits, with its own position and its own change.
     */
    @Test
    void anEventCommittedAfterALaterOneIsSentWithItsOwnPositionAndChange() throws Exception {
        String late = createProcess(uniqueNamespace(), "build");
        String other = createProcess(uniqueNamespace(), "build");
        try (SseClient stream = connect(reader(), "", null)) {
            try (LateCommit append = LateCommit.begin(
                    jdbc.getDataSource(),
                    eventSerializer,
                    new StepStartedEvent(late, "build", 1, null, Instant.now().truncatedTo(ChronoUnit.MILLIS)),
                    1)) {
                accepted(other, "{\"type\":\"step_started\",\"step\":\"build\"}");
                SseClient.Message sooner = nextFor(stream, other);
                while (!data(sooner).path("update").asText().equals("step_started")) {
                    sooner = nextFor(stream, other);
                }
                assertThat(Long.parseLong(sooner.id())).isGreaterThan(append.position());

                append.commit();

                SseClient.Message message = nextFor(stream, late);
                while (!data(message).path("update").asText().equals("step_started")) {
                    message = nextFor(stream, late);
                }
                assertThat(Long.parseLong(message.id())).isEqualTo(append.position());
                assertThat(data(message).path("process").path("current_step").asText())
                        .isEqualTo("build");
            }
        }
    }

    @Test
    void sendsItsHeadersAndAConnectedEventAtOnce() throws Exception {
        long started = System.nanoTime();
        try (SseClient stream = new SseClient(url(), reader(), null)) {
            assertThat(stream.status()).isEqualTo(200);
            SseClient.Message connected = stream.next(Duration.ofSeconds(1));
            long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

            assertThat(connected).as("a message within a second").isNotNull();
            assertThat(connected.event()).isEqualTo("connected");
            assertThat(data(connected)).isEqualTo(JSON.readTree("{\"type\":\"connected\"}"));
            assertThat(elapsedMillis)
                    .as("first event after %d ms", elapsedMillis)
                    .isLessThan(1000);
        }
    }

    @Test
    void revokingTheTokenEndsItsOpenStreamWithinTheKeepAliveInterval() throws Exception {
        Api.Response created = api.post(
                "/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "revoked reader", "scopes", List.of("processes:read")));
        try (SseClient stream = connect(created.text("token"), "", null)) {
            assertThat(api.delete("/api/v1/tokens/" + created.text("token_id"), ADMIN_TOKEN)
                            .status())
                    .isEqualTo(204);

            SseClient.Message closed = stream.nextEvent(Duration.ofSeconds(3));
            createProcess(uniqueNamespace(), "a");

            assertThat(closed)
                    .as("the stream is ended within the keep-alive interval (1 s here)")
                    .isNotNull();
            assertThat(closed.event()).isEqualTo("closed");
            assertThat(data(closed).path("reason").asText()).isEqualTo("Token revoked");
            assertThat(stream.eventsWithin(Duration.ofMillis(500)))
                    .as("nothing after the end")
                    .isEmpty();
            assertThat(stream.ended(Duration.ofSeconds(2)))
                    .as("the server closed the response")
                    .isTrue();
        }
    }

    @Test
    void anExpiredTokensOpenStreamEnds() throws Exception {
        Api.Response created = api.post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                Map.of(
                        "name",
                        "short-lived reader",
                        "scopes",
                        List.of("processes:read"),
                        "expires_at",
                        java.time.Instant.now().plusSeconds(2).toString()));
        try (SseClient stream = connect(created.text("token"), "", null)) {
            SseClient.Message closed = stream.nextEvent(Duration.ofSeconds(6));

            assertThat(closed).isNotNull();
            assertThat(closed.event()).isEqualTo("closed");
            assertThat(data(closed).path("reason").asText()).isEqualTo("Token expired");
            assertThat(stream.ended(Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void oneOrganizationCannotTakeEveryStreamOfTheInstance() throws Exception {
        String greedy = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Greedy"))
                .text("admin_token");
        String first = readerOf(greedy);
        String second = readerOf(greedy);
        String third = readerOf(greedy);
        try (SseClient a = connect(first, "", null);
                SseClient b = connect(first, "", null);
                SseClient c = connect(second, "", null);
                SseClient d = connect(second, "", null);
                SseClient e = connect(third, "", null);
                SseClient f = connect(third, "", null)) {
            Api.Response refused = api.get("/api/v1/stream", readerOf(greedy));

            assertProblem(
                    refused,
                    429,
                    "too-many-streams",
                    "the organization holds 6 open streams on this instance, the most it may");
            assertThat(refused.raw().headers().firstValue("Retry-After")).hasValue("5");
            String modest = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Modest"))
                    .text("admin_token");
            try (SseClient other = connect(readerOf(modest), "", null)) {
                assertThat(other.status())
                        .as("another organization still gets a stream")
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void anotherOrganizationsChangesAreNeverSent() throws Exception {
        String other = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Elsewhere"))
                .text("admin_token");
        try (SseClient stream = connect(other, "", null)) {
            String foreign = createProcess(uniqueNamespace(), "a");
            accepted(foreign, "{\"type\":\"step_started\",\"step\":\"a\"}");
            String own = api.post("/api/v1/processes", other, processBody("mine", "a"))
                    .text("process_id");

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

            assertThat(data(message).path("process").path("process_id").asText())
                    .isEqualTo(watched);
        }
    }

    @Test
    void reconnectingWithLastEventIdDeliversWhatWasMissed() throws Exception {
        String id = createProcess(uniqueNamespace(), "a", "b");
        String lastSeen;
        try (SseClient stream = connect(reader(), "?process_id=" + id, null)) {
            accepted(id, "{\"type\":\"step_started\",\"step\":\"a\"}");
            // the creation may still be on its way through the feed: take the start's id
            SseClient.Message message = nextFor(stream, id);
            while (!data(message).path("update").asText().equals("step_started")) {
                message = nextFor(stream, id);
            }
            lastSeen = message.id();
        }
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"a\"}");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"b\"}");

        try (SseClient resumed = connect(reader(), "?process_id=" + id, lastSeen)) {
            List<String> updates = List.of(
                    data(resumed.nextEvent(WAIT)).path("update").asText(),
                    data(resumed.nextEvent(WAIT)).path("update").asText());

            assertThat(updates).containsExactly("step_completed", "step_started");
            accepted(id, "{\"type\":\"step_completed\",\"step\":\"b\"}");
            assertThat(data(resumed.nextEvent(WAIT)).path("update").asText())
                    .as("then live again")
                    .isEqualTo("step_completed");
        }
    }

    @Test
    void aReplayedMessageCarriesTheProcessAsItWasAfterItsEvent() throws Exception {
        String id = createProcess(uniqueNamespace(), "a", "b");
        String lastSeen;
        try (SseClient stream = connect(reader(), "?process_id=" + id, null)) {
            accepted(id, "{\"type\":\"step_started\",\"step\":\"a\"}");
            SseClient.Message message = nextFor(stream, id);
            while (!data(message).path("update").asText().equals("step_started")) {
                message = nextFor(stream, id);
            }
            lastSeen = message.id();
        }
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"a\"}");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"b\"}");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"b\"}");
        accepted(id, "{\"type\":\"completed\"}");

        try (SseClient resumed = connect(reader(), "?process_id=" + id, lastSeen)) {
            List<JsonNode> replayed = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                replayed.add(data(resumed.nextEvent(WAIT)));
            }

            assertThat(replayed)
                    .extracting(m -> m.path("update").asText())
                    .containsExactly("step_completed", "step_started", "step_completed", "process_completed");
            assertThat(replayed)
                    .extracting(m -> m.path("process").path("status").asText())
                    .containsExactly("running", "running", "running", "completed");
            assertThat(replayed)
                    .extracting(m -> m.path("process").path("current_step").asText(null))
                    .containsExactly("b", "b", null, null);
            assertThat(replayed)
                    .allSatisfy(
                            m -> assertThat(m.path("process").path("version").asLong())
                                    .as("the state right after its own event")
                                    .isEqualTo(m.path("sequence").asLong()));
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
            assertThat(stream.nextEvent(WAIT).event())
                    .as("followed by the retained events")
                    .isEqualTo("process_update");
        }
    }

    @Test
    void anUnreadableStoredEventLeavesOnlyItsProcessOutOfACatchUp() throws Exception {
        String damaged = createProcess(uniqueNamespace(), "a");
        accepted(damaged, "{\"type\":\"step_started\",\"step\":\"a\"}");
        byte[] payload = jdbc.queryForObject(
                "SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ?" + " AND sequence_number = 1",
                byte[].class,
                damaged);
        jdbc.update(
                "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ? AND sequence_number = 1",
                "{not json".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                damaged);
        try {
            String healthy = createProcess(uniqueNamespace(), "a");

            try (SseClient stream = connect(reader(), "?process_id=" + healthy, "not-an-id")) {
                assertThat(stream.nextEvent(WAIT).event()).isEqualTo("reset");
                assertThat(data(nextFor(stream, healthy)).path("update").asText())
                        .isEqualTo("process_created");
            }
        } finally {
            // the store is shared with the other suites of this context: their processors must not meet the damage
            jdbc.update(
                    "UPDATE domain_event_entry SET payload = ? WHERE aggregate_identifier = ?"
                            + " AND sequence_number = 1",
                    payload,
                    damaged);
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
        try (SseClient one = connect(token, "", null);
                SseClient two = connect(token, "", null)) {
            SseClient third = new SseClient(url(), token, null);

            assertThat(third.status()).isEqualTo(429);
            assertThat(third.response().headers().firstValue("Retry-After")).hasValue("5");
            third.close();
        }
        assertThat(statusOnceFreed(token))
                .as("closed streams free their places")
                .isEqualTo(200);
    }

    @Test
    void anUnknownProcessFilterIs404AndNoTokenIs401() throws Exception {
        assertProblem(
                api.get("/api/v1/stream?process_id=" + java.util.UUID.randomUUID(), ADMIN_TOKEN),
                404,
                "not-found",
                "Process not found");
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
        return readerOf(ADMIN_TOKEN);
    }

    private String readerOf(String adminToken) {
        return api.post(
                        "/api/v1/tokens",
                        adminToken,
                        Map.of("name", "stream reader", "scopes", List.of("processes:read")))
                .text("token");
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
