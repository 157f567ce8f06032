package dev.processledger.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PackagedService;
import dev.processledger.support.PostgresStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Three packaged instances on one fresh PostgreSQL database take concurrent updates to the same processes; one
 * is killed with SIGKILL mid-load. Every acknowledged update must be in its history exactly once, sequences
 * contiguous, hash chains valid and the read model equal to a rebuild. Prints the figures for the closing note.
 */
@Tag(PostgresStore.TAG)
class ClusterKillIT {

    private static final String TOKEN = TokenSecrets.generate();
    private static final int PROCESSES = 6;
    private static final int CLIENTS = 6;
    private static final int UPDATES_PER_CLIENT = 80;

    @Test
    void acknowledgedUpdatesSurviveAKilledInstanceExactlyOnce() throws Exception {
        String url = PostgresStore.FreshDatabase.createDatabase();
        Path dir = Files.createTempDirectory(Path.of("target"), "cluster-");
        String[] postgres = {
            "--spring.profiles.active=postgres",
            "--spring.datasource.url=" + url,
            "--spring.datasource.username=" + PostgresStore.FreshDatabase.user()
        };
        List<PackagedService> instances = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                instances.add(PackagedService.start(
                        dir, PackagedService.freePort(), TOKEN, "instance-" + i, "256m", postgres));
            }
            List<Api> apis = instances.stream().map(s -> new Api(s.baseUrl())).toList();
            List<String> processes = new ArrayList<>();
            for (int p = 0; p < PROCESSES; p++) {
                Api api = apis.get(p % apis.size());
                String id = api.startedProcess(TOKEN, "cluster", "p" + p);
                processes.add(id);
            }

            Map<String, String> acknowledged = new ConcurrentHashMap<>();
            AtomicInteger sent = new AtomicInteger();
            AtomicInteger lost = new AtomicInteger();
            AtomicInteger otherStatus = new AtomicInteger();
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> work = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                work.add(clients.submit(() -> {
                    for (int i = 0; i < UPDATES_PER_CLIENT; i++) {
                        String marker = "c" + client + "-" + i;
                        // every client on the same process at once, each through another instance: contention
                        String process = processes.get(i % PROCESSES);
                        Api api = apis.get((client + i) % apis.size());
                        if (sent.incrementAndGet() == CLIENTS * UPDATES_PER_CLIENT / 3) {
                            instances.get(2).kill();
                        }
                        try {
                            Api.Response response = api.post(
                                    "/api/v1/processes/" + process + "/update",
                                    TOKEN,
                                    "{\"type\":\"progress\",\"step\":\"work\",\"message\":\"" + marker + "\"}");
                            if (response.status() == 200) {
                                acknowledged.put(marker, process);
                            } else {
                                otherStatus.incrementAndGet();
                            }
                        } catch (RuntimeException connectionRefused) {
                            lost.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : work) {
                future.get();
            }
            clients.shutdown();
            double seconds = (System.nanoTime() - started) / 1e9;

            Api survivor = apis.get(0);
            Map<String, Integer> seen = new HashMap<>();
            for (String process : processes) {
                List<JsonNode> events = allEvents(survivor, process);
                for (int s = 0; s < events.size(); s++) {
                    assertThat(events.get(s).path("sequence").asInt())
                            .as("contiguous sequences")
                            .isEqualTo(s);
                    String message = events.get(s).path("data").path("message").asText(null);
                    if (message != null) {
                        seen.merge(message, 1, Integer::sum);
                    }
                }
                assertThat(survivor.get("/api/v1/processes/" + process + "/verify", TOKEN)
                                .json()
                                .path("valid")
                                .asBoolean())
                        .isTrue();
            }
            assertThat(seen.values()).as("no update appended twice").allMatch(count -> count == 1);
            assertThat(seen.keySet())
                    .as("every acknowledged update is in the history")
                    .containsAll(acknowledged.keySet());
            assertThat(otherStatus.get())
                    .as("no update refused under contention")
                    .isZero();

            JdbcTemplate jdbc =
                    new JdbcTemplate(new SingleConnectionDataSource(url, PostgresStore.FreshDatabase.user(), "", true));
            List<Map<String, Object>> live = readModel(jdbc);
            assertThat(survivor.post("/api/v1/projections/process-view/rebuild", TOKEN, "{}")
                            .status())
                    .isEqualTo(202);
            awaitRebuild(survivor);
            assertThat(readModel(jdbc)).as("read model equals a rebuild").isEqualTo(live);

            double retries = 0;
            for (int i = 0; i < 2; i++) {
                retries += retries(apis.get(i));
            }
            System.out.printf(
                    "cluster: instances=3 (one SIGKILLed after %d sends) sent=%d acknowledged=%d "
                            + "unacknowledged=%d appended=%d seconds=%.1f acknowledged_per_second=%.0f "
                            + "conflict_retries_on_survivors=%.0f%n",
                    CLIENTS * UPDATES_PER_CLIENT / 3,
                    sent.get(),
                    acknowledged.size(),
                    lost.get(),
                    seen.size(),
                    seconds,
                    acknowledged.size() / seconds,
                    retries);
        } finally {
            instances.forEach(PackagedService::close);
        }
    }

    private static List<JsonNode> allEvents(Api api, String process) {
        List<JsonNode> events = new ArrayList<>();
        String after = "";
        while (true) {
            JsonNode page = api.get("/api/v1/processes/" + process + "/events?limit=1000" + after, TOKEN)
                    .json();
            page.path("events").forEach(events::add);
            if (page.path("next_after").isNull()) {
                return events;
            }
            after = "&after=" + page.path("next_after").asLong();
        }
    }

    private static List<Map<String, Object>> readModel(JdbcTemplate jdbc) {
        List<Map<String, Object>> rows =
                new ArrayList<>(jdbc.queryForList("SELECT * FROM process_view ORDER BY process_id"));
        rows.addAll(jdbc.queryForList("SELECT * FROM process_step_view ORDER BY process_id, step_index"));
        return rows;
    }

    private static void awaitRebuild(Api api) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            if (!api.get("/api/v1/projections/process-view", TOKEN)
                    .text("status")
                    .equals("running")) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("rebuild did not finish");
    }

    private static double retries(Api api) {
        String metrics = api.send(
                        api.request("/actuator/prometheus", null).GET().build())
                .raw()
                .body();
        return metrics.lines()
                .filter(l -> l.startsWith("ledger_command_retries_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
