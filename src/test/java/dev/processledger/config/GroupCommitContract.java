package dev.processledger.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Concurrent updates share transactions (group commit) and each is still what it was alone: every acknowledged
 * update is stored with its audit record and shown by the next read, every refused one appends nothing, and a
 * refusal inside a group leaves the rest of the group stored.
 */
abstract class GroupCommitContract extends ApiTestSupport {

    private static final int CLIENTS = 12;
    private static final int PROGRESS_PER_CLIENT = 8;

    @Autowired
    private MeterRegistry registry;

    /** What one client saw: the sequences of its accepted updates and the answers to its refused ones. */
    private record Outcome(String processId, List<Long> sequences, List<Api.Response> refusals) {}

    @Test
    void concurrentUpdatesAreGroupedAndEachIsStoredOrRefusedAlone() throws Exception {
        String namespace = uniqueNamespace();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ids.add(createProcess(namespace, "build", "ship"));
        }
        DistributionSummary groups = registry.get("ledger.group.commit.size").summary();
        double groupedBefore = groups.totalAmount() - groups.count();
        long eventsBefore = eventCount();

        CountDownLatch start = new CountDownLatch(1);
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        try {
            for (String id : ids) {
                outcomes.add(CompletableFuture.supplyAsync(() -> runClient(id, start), clients));
            }
            start.countDown();
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();
        } finally {
            clients.shutdownNow();
        }

        long accepted = 0;
        for (CompletableFuture<Outcome> future : outcomes) {
            Outcome outcome = future.join();
            // sequence 0 is the creation; each update appends one event but the last (which also skips "ship")
            List<Long> expected = new ArrayList<>();
            for (long s = 1; s < outcome.sequences().size(); s++) {
                expected.add(s);
            }
            expected.add(outcome.sequences().size() + 1L);
            assertThat(outcome.sequences())
                    .as("sequences of %s", outcome.processId())
                    .isEqualTo(expected);
            long events = 1 + expected.get(expected.size() - 1);
            assertThat(eventCount(outcome.processId())).isEqualTo(events);
            assertThat(outcome.refusals()).hasSize(2);
            for (Api.Response refusal : outcome.refusals()) {
                assertProblem(refusal, 409, "illegal-transition", null);
            }
            JsonNode verification = api.get("/api/v1/processes/" + outcome.processId() + "/verify", ADMIN_TOKEN)
                    .json();
            assertThat(verification.path("valid").asBoolean())
                    .as("chain of %s", outcome.processId())
                    .isTrue();
            assertThat(verification.path("events").asLong()).isEqualTo(events);
            JsonNode process = process(outcome.processId());
            assertThat(process.path("status").asText()).isEqualTo("completed");
            assertThat(step(process, "build").path("status").asText()).isEqualTo("completed");
            accepted += events - 1;
        }
        assertThat(eventCount() - eventsBefore)
                .as("events appended by the clients")
                .isEqualTo(accepted);
        assertThat(groups.totalAmount() - groups.count() - groupedBefore)
                .as("commands that shared a transaction with another")
                .isPositive();
    }

    /**
     * Starts and progresses the first step, is refused twice (progress on the finished step, a second completion),
     * then completes the process; each accepted answer is checked against the next read.
     */
    private Outcome runClient(String id, CountDownLatch start) {
        Api client = new Api(baseUrl(), null);
        List<Long> sequences = new ArrayList<>();
        List<Api.Response> refusals = new ArrayList<>();
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> updates = new ArrayList<>();
        updates.add("{\"type\":\"step_started\",\"step\":\"build\"}");
        for (int i = 1; i <= PROGRESS_PER_CLIENT; i++) {
            updates.add("{\"type\":\"progress\",\"step\":\"build\",\"percent\":" + (i * 10) + "}");
        }
        updates.add("{\"type\":\"step_completed\",\"step\":\"build\"}");
        updates.add("{\"type\":\"progress\",\"step\":\"build\",\"percent\":95}");
        updates.add("{\"type\":\"step_completed\",\"step\":\"build\"}");
        updates.add("{\"type\":\"completed\"}");
        List<String> seen = new ArrayList<>();
        for (String update : updates) {
            Api.Response response = client.post("/api/v1/processes/" + id + "/update", ADMIN_TOKEN, update);
            seen.add(response.status() + " " + response.raw().body());
            if (response.status() == 200) {
                long sequence = response.json().path("sequence").asLong();
                sequences.add(sequence);
                assertThat(client.get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN)
                                .json()
                                .path("events")
                                .size())
                        .as(
                                "events shown right after update %s (answers: %s; events: %s)",
                                update,
                                seen,
                                client.get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN)
                                        .raw()
                                        .body())
                        .isEqualTo(sequence + 1);
            } else {
                refusals.add(response);
            }
        }
        return new Outcome(id, sequences, refusals);
    }
}
