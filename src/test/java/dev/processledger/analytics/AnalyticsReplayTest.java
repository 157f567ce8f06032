package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.processledger.support.Api;
import dev.processledger.support.H2Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * Replaying the analytics model from the event store, while updates continue, gives the same answers. On a store of
 * its own: a replay reads every stored event from the first, and the audit suites that share the default context
 * damage stored events on purpose (an unreadable creation stops a replay, as a damaged store does).
 */
@H2Store
@TestPropertySource(properties = "spring.application.name=analytics-replay-test")
class AnalyticsReplayTest extends AnalyticsTestSupport {

    @Autowired
    private EventProcessingConfiguration processing;

    @Autowired
    private AnalyticsRebuild rebuild;

    @Test
    void aReplayWhileUpdatesContinueGivesIdenticalAnswers() throws Exception {
        String ours = organization("replayed");
        String theirs = organization("busy");
        String run = UUID.randomUUID().toString().substring(0, 6);
        histories(ours, run, 7, 20);
        caughtUp("/api/v1/analytics/summary", ours);
        List<String> paths = paths(run);
        List<JsonNode> before = answers(paths, ours);
        // damage the model: only a replay from the events puts it right
        jdbc.update("UPDATE analytics_process_bucket SET started = started + 1000");
        jdbc.update("DELETE FROM analytics_step_bucket");
        assertThat(answers(paths, ours)).isNotEqualTo(before);

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                String id = api.post("/api/v1/processes", theirs, processBody("during-replay", "build"))
                        .text("process_id");
                api.post("/api/v1/processes/" + id + "/update", theirs, "{\"type\":\"completed\"}");
                written.incrementAndGet();
            }
        });
        writer.start();
        Thread.sleep(300);
        Api.Response replay = api.post("/api/v1/analytics/replay", ADMIN_TOKEN, "{}");
        assertThat(replay.status()).as(replay.raw().body()).isEqualTo(202);
        assertThat(replay.text("status")).isEqualTo("replaying");
        Thread.sleep(1000);
        writing.set(false);
        writer.join();

        caughtUp("/api/v1/analytics/summary", ours);
        assertThat(answers(paths, ours)).as("answers after the replay").isEqualTo(before);
        JsonNode busy = api.get("/api/v1/analytics/summary?namespace=during-replay&" + range(), theirs)
                .json();
        assertThat(busy.path("started").asLong())
                .as("updates made during the replay, counted once")
                .isEqualTo(written.get());
        assertThat(busy.path("completed").asLong()).isEqualTo(written.get());
    }

    /** Batches of 7 events end in the middle of processes and series: what a batch left is read back by the next. */
    @Test
    void aRebuildInSmallBatchesGivesIdenticalAnswers() throws Exception {
        String ours = organization("small batches");
        String run = UUID.randomUUID().toString().substring(0, 6);
        histories(ours, run, 11, 12);
        caughtUp("/api/v1/analytics/summary", ours);
        List<String> paths = paths(run);
        List<JsonNode> before = answers(paths, ours);

        StreamingEventProcessor processor = processing
                .eventProcessor(AnalyticsProjection.GROUP, StreamingEventProcessor.class)
                .orElseThrow();
        processor.shutDown();
        try {
            int[] segments = rebuild.claimAndClear();
            assertThat(segments).isNotEmpty();
            rebuild.run(segments, 7, () -> false);
            // the processor is still stopped: the pass alone rebuilt everything
            assertThat(answers(paths, ours)).as("answers after the rebuild").isEqualTo(before);
        } finally {
            processor.start();
        }
    }

    @Test
    void aReplayTakesNoBodyAndOnlyASystemToken() {
        assertInvalid(api.post("/api/v1/analytics/replay", ADMIN_TOKEN, "{\"from\":0}"), "body");
        String admin = organization("not the operator");
        assertProblem(api.post("/api/v1/analytics/replay", admin, "{}"), 403, "forbidden", "Insufficient permissions");
    }

    /** {@code finished} random histories run to their end in two namespaces of this run, and one left running. */
    private void histories(String token, String run, long seed, int finished) {
        Histories histories = new Histories(api, seed, MAX_EVENTS);
        for (int i = 0; i < finished; i++) {
            Histories.Live process = histories.create(token, "ns" + (i % 2) + "-" + run, "svc-" + (i % 3), false);
            while (histories.step(process)) {
                // until it finishes
            }
        }
        histories.create(token, "ns0-" + run, "still-running", false);
    }

    private String organization(String name) {
        return api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", name))
                .text("admin_token");
    }

    private static List<String> paths(String run) {
        List<String> paths = new ArrayList<>();
        for (String namespace : new String[] {"", "&namespace=ns0-" + run, "&namespace=ns1-" + run}) {
            String query = range() + namespace;
            paths.add("/api/v1/analytics/summary?" + query);
            paths.add("/api/v1/analytics/steps?" + query);
            paths.add("/api/v1/analytics/delivery?" + query);
            for (String metric : AnalyticsParameters.METRICS) {
                paths.add("/api/v1/analytics/timeseries?bucket=hour&metric=" + metric + "&" + query);
            }
        }
        return paths;
    }

    /** The answers without how current they are. */
    private List<JsonNode> answers(List<String> paths, String token) {
        List<JsonNode> answers = new ArrayList<>();
        for (String path : paths) {
            Api.Response response = api.get(path, token);
            assertThat(response.status()).isEqualTo(200);
            ObjectNode answer = (ObjectNode) response.json();
            answer.remove(List.of("as_of", "lag_events"));
            answers.add(answer);
        }
        return answers;
    }
}
