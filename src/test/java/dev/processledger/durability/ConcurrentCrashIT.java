package dev.processledger.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.security.TokenSecrets;
import dev.processledger.support.Api;
import dev.processledger.support.PackagedService;
import dev.processledger.support.PostgresStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Crash safety under load: clients post updates concurrently (several to the same process), the packaged service
 * is killed with SIGKILL while they do, restarted on the same store, and every acknowledged update is found in
 * its history exactly once, on H2 and on PostgreSQL.
 */
class ConcurrentCrashIT {

    private static final String TOKEN = TokenSecrets.generate();
    private static final int CLIENTS = 6;
    private static final int PROCESSES = 3;

    @Test
    void acknowledgedUpdatesSurviveAKillUnderLoadOnH2() throws Exception {
        acknowledgedUpdatesSurviveAKillUnderLoad("h2");
    }

    @Test
    @Tag(PostgresStore.TAG)
    void acknowledgedUpdatesSurviveAKillUnderLoadOnPostgres() throws Exception {
        acknowledgedUpdatesSurviveAKillUnderLoad("postgres");
    }

    private static void acknowledgedUpdatesSurviveAKillUnderLoad(String store) throws Exception {
        Path dataDir = Files.createTempDirectory(Path.of("target"), "crash-" + store + "-");
        String[] arguments = store.equals("postgres")
                ? new String[] {
                    "--spring.profiles.active=postgres",
                    "--spring.datasource.url=" + PostgresStore.FreshDatabase.createDatabase(),
                    "--spring.datasource.username=" + PostgresStore.FreshDatabase.user()
                }
                : new String[0];
        int port = PackagedService.freePort();
        Api api = new Api("http://127.0.0.1:" + port);
        List<String> processes = new ArrayList<>();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (PackagedService service = PackagedService.start(dataDir, port, TOKEN, "first", "256m", arguments)) {
            for (int p = 0; p < PROCESSES; p++) {
                String id = api.startedProcess(TOKEN, "crash", "p" + p);
                processes.add(id);
            }
            CountDownLatch enough = new CountDownLatch(150);
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Future<?>> work = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                work.add(clients.submit(() -> {
                    for (int i = 0; ; i++) {
                        String marker = "c" + client + "-" + i;
                        try {
                            Api.Response response = api.post(
                                    "/api/v1/processes/" + processes.get(i % PROCESSES) + "/update",
                                    TOKEN,
                                    "{\"type\":\"progress\",\"step\":\"work\",\"message\":\"" + marker + "\"}");
                            if (response.status() == 200) {
                                acknowledged.add(marker);
                                enough.countDown();
                            }
                        } catch (RuntimeException serviceGone) {
                            return null;
                        }
                    }
                }));
            }
            enough.await();
            service.kill();
            for (Future<?> future : work) {
                future.get();
            }
            clients.shutdown();
        }

        try (PackagedService restarted = PackagedService.start(dataDir, port, TOKEN, "second", "256m", arguments)) {
            Map<String, Integer> seen = new HashMap<>();
            for (String process : processes) {
                List<JsonNode> events = new ArrayList<>();
                api.get("/api/v1/processes/" + process + "/events?limit=1000", TOKEN)
                        .json()
                        .path("events")
                        .forEach(events::add);
                for (int s = 0; s < events.size(); s++) {
                    assertThat(events.get(s).path("sequence").asInt()).isEqualTo(s);
                    String marker = events.get(s).path("data").path("message").asText(null);
                    if (marker != null) {
                        seen.merge(marker, 1, Integer::sum);
                    }
                }
                assertThat(api.get("/api/v1/processes/" + process + "/verify", TOKEN)
                                .json()
                                .path("valid")
                                .asBoolean())
                        .isTrue();
                assertThat(api.get("/api/v1/processes/" + process, TOKEN)
                                .json()
                                .path("version")
                                .asInt())
                        .as("the read model survived with the events")
                        .isEqualTo(events.size() - 1);
            }
            assertThat(seen.keySet()).containsAll(acknowledged);
            assertThat(seen.values()).allMatch(count -> count == 1);
            System.out.printf(
                    "crash[%s]: acknowledged=%d found=%d (all acknowledged present, none twice)%n",
                    store, acknowledged.size(), seen.size());
        }
    }
}
