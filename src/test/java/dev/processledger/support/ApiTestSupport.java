package dev.processledger.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.security.TokenSecrets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the end-to-end suites: the whole service on a random port, driven over real HTTP, with the store's
 * event table at hand to prove that a refused request appended nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "ledger.max-events-per-process=" + ApiTestSupport.MAX_EVENTS,
            "ledger.stream.keep-alive=1s",
            "ledger.stream.max-connections-per-token=2",
            "ledger.stream.max-connections-per-organization=6",
            "ledger.snapshot-threshold=" + ApiTestSupport.SNAPSHOT_EVERY,
            "db-scheduler.polling-interval=100ms",
            // the suites send many bad tokens on purpose, all from this machine's address
            "ledger.rate-limit.failed-auth-per-address-per-second=10000"
        })
public abstract class ApiTestSupport {

    /** The bootstrap token every suite installs through LEDGER_BOOTSTRAP_TOKEN's property; made per run. */
    public static final String ADMIN_TOKEN = TokenSecrets.generate();

    public static final int MAX_EVENTS = 30;
    /** Small, so every suite also loads processes from snapshots. */
    public static final int SNAPSHOT_EVERY = 5;

    @DynamicPropertySource
    static void bootstrapToken(DynamicPropertyRegistry registry) {
        registry.add("ledger.bootstrap.token", () -> ADMIN_TOKEN);
    }

    @LocalServerPort
    private int port;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(baseUrl(), checksContract() ? ContractValidator.forServer(baseUrl()) : null);
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * Whether every exchange of this suite is checked against the served contract (docs/openapi.yaml); on for every
     * suite, so a response or a refusal that the contract does not describe fails the test that caused it.
     */
    protected boolean checksContract() {
        return true;
    }

    /** The number a {@code SELECT COUNT(*) ...} query returns. */
    protected long count(String sql, Object... args) {
        Long count = jdbc.queryForObject(sql, Long.class, args);
        return count == null ? 0 : count;
    }

    protected long eventCount() {
        return count("SELECT COUNT(*) FROM domain_event_entry");
    }

    protected long eventCount(String processId) {
        return count("SELECT COUNT(*) FROM domain_event_entry WHERE aggregate_identifier = ?", processId);
    }

    /** Rebuilds the token's organization's read model and waits for the rebuild to end; returns its progress. */
    protected JsonNode rebuildAndWait(String token) throws InterruptedException {
        Api.Response started = api.post("/api/v1/projections/process-view/rebuild", token, "{}");
        assertThat(started.status()).as(started.raw().body()).isEqualTo(202);
        return waitForRebuild(token);
    }

    protected JsonNode waitForRebuild(String token) throws InterruptedException {
        java.time.Instant deadline = Instant.now().plusSeconds(60);
        while (Instant.now().isBefore(deadline)) {
            JsonNode progress =
                    api.get("/api/v1/projections/process-view", token).json();
            if (!progress.path("status").asText().equals("running")) {
                return progress;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("rebuild did not finish");
    }

    /** Every row of the organization's read model, in a stable order. */
    protected List<Map<String, Object>> readModelRows(String orgId) {
        List<Map<String, Object>> rows = new ArrayList<>(
                jdbc.queryForList("SELECT * FROM process_view WHERE org_id = ? ORDER BY process_id", orgId));
        rows.addAll(jdbc.queryForList("""
                SELECT s.* FROM process_step_view s JOIN process_view p ON p.process_id = s.process_id
                WHERE p.org_id = ? ORDER BY s.process_id, s.step_index""", orgId));
        rows.addAll(jdbc.queryForList("SELECT * FROM task_view WHERE org_id = ? ORDER BY task_id", orgId));
        return rows;
    }

    /** Runs a request that must be refused and checks the store holds exactly as many events afterwards. */
    protected Api.Response refused(Supplier<Api.Response> request) {
        long before = eventCount();
        Api.Response response = request.get();
        assertThat(eventCount()).as("events appended by a refused request").isEqualTo(before);
        return response;
    }

    /** Checks a problem body: status, content type, the HPI error member and its type. */
    protected static void assertProblem(Api.Response response, int status, String typeSlug, String error) {
        assertThat(response.status()).as("status of %s", response.json()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(status);
        assertThat(response.text("type")).isEqualTo("https://process-ledger.dev/problems/" + typeSlug);
        if (error != null) {
            assertThat(response.text("error")).isEqualTo(error);
        }
        assertThat(response.text("error")).isEqualTo(response.text("detail"));
    }

    /** Checks a 400 names the given field in its details. */
    protected static void assertInvalid(Api.Response response, String field) {
        assertProblem(response, 400, "invalid-request", null);
        List<String> fields = response.json().path("details").findValuesAsText("field");
        assertThat(fields).as("fields named by %s", response.json()).contains(field);
    }

    protected static String uniqueNamespace() {
        return "ns-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static Map<String, Object> processBody(String namespace, String... stepKeys) {
        List<Map<String, Object>> steps = java.util.Arrays.stream(stepKeys)
                .map(k -> Map.<String, Object>of("key", k, "label", "Step " + k))
                .toList();
        return Map.of("namespace", namespace, "name", "Deploy " + namespace, "steps", steps);
    }

    /** Creates a process with the admin token and returns its id. */
    protected String createProcess(String namespace, String... stepKeys) {
        Api.Response created = api.post("/api/v1/processes", ADMIN_TOKEN, processBody(namespace, stepKeys));
        assertThat(created.status()).as("create: %s", created.json()).isEqualTo(201);
        return created.text("process_id");
    }

    protected Api.Response update(String processId, String json) {
        return api.post("/api/v1/processes/" + processId + "/update", ADMIN_TOKEN, json);
    }

    protected Api.Response accepted(String processId, String json) {
        Api.Response response = update(processId, json);
        assertThat(response.status()).as("update %s: %s", json, response.json()).isEqualTo(200);
        return response;
    }

    protected JsonNode process(String processId) {
        Api.Response response = api.get("/api/v1/processes/" + processId, ADMIN_TOKEN);
        assertThat(response.status()).isEqualTo(200);
        return response.json();
    }

    protected static JsonNode step(JsonNode process, String key) {
        for (JsonNode entry : process.path("timeline")) {
            if (entry.path("step").asText().equals(key)) {
                return entry;
            }
        }
        throw new AssertionError("no timeline entry for " + key + " in " + process);
    }
}
