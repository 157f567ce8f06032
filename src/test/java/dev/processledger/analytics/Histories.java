package dev.processledger.analytics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random process histories sent through the API: every update type, retries, steps a person performs, processes that
 * fail with steps running and complete with steps pending, and steps left running on a 1-second stale timeout so the
 * server times them out. Tracks each step's status to send only updates the state machine allows. Given several
 * instances of the service, it sends each request to the next one in turn.
 */
final class Histories {

    private final List<Api> apis;
    private int next;
    private final Random random;
    private final int maxEventsPerProcess;
    final List<Live> processes = new ArrayList<>();

    Histories(Api api, long seed, int maxEventsPerProcess) {
        this(List.of(api), seed, maxEventsPerProcess);
    }

    Histories(List<Api> apis, long seed, int maxEventsPerProcess) {
        this.apis = List.copyOf(apis);
        this.random = new Random(seed);
        this.maxEventsPerProcess = maxEventsPerProcess;
    }

    /** One process as the generator knows it. */
    static final class Live {
        final String id;
        final String token;
        final Map<String, String> steps = new HashMap<>();
        final boolean stale;
        int events = 1;
        boolean finished;

        Live(String id, String token, List<String> keys, boolean stale) {
            this.id = id;
            this.token = token;
            keys.forEach(key -> steps.put(key, "pending"));
            this.stale = stale;
        }
    }

    /** Creates a process with 1-4 of the step keys; some steps are human, some processes time out. */
    Live create(String token, String namespace, String name, boolean stale) {
        List<String> keys = new ArrayList<>(List.of("build", "test", "approve", "ship"));
        int count = 1 + random.nextInt(keys.size());
        List<Map<String, Object>> steps = new ArrayList<>();
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = keys.remove(random.nextInt(keys.size()));
            chosen.add(key);
            steps.add(Map.of("key", key, "label", key, "human", key.equals("approve") || random.nextInt(8) == 0));
        }
        Map<String, Object> body = new HashMap<>(Map.of("namespace", namespace, "name", name, "steps", steps));
        if (stale) {
            body.put("stale_after_seconds", 1);
        }
        Api.Response created = api().post("/api/v1/processes", token, body);
        assertThat(created.status()).as(created.raw().body()).isEqualTo(201);
        Live live = new Live(created.text("process_id"), token, chosen, stale);
        processes.add(live);
        return live;
    }

    /** Sends one random allowed update to the process; false once it is finished or full. */
    boolean step(Live process) {
        if (process.finished) {
            return false;
        }
        if (process.events + process.steps.size() + 2 >= maxEventsPerProcess) {
            return finish(process, random.nextInt(3) > 0);
        }
        List<String> keys = new ArrayList<>(process.steps.keySet());
        java.util.Collections.sort(keys);
        String key = keys.get(random.nextInt(keys.size()));
        String status = process.steps.get(key);
        int roll = random.nextInt(100);
        if (roll < 6) {
            return finish(process, false);
        }
        if (roll < 14 && !process.steps.containsValue("running")) {
            return finish(process, true);
        }
        switch (status) {
            case "pending", "failed", "timed_out" -> {
                if (status.equals("pending") && roll < 35) {
                    send(
                            process,
                            "{\"type\":\"" + (roll < 28 ? "step_completed" : "step_failed") + "\",\"step\":\"" + key
                                    + "\"" + (roll < 28 ? "" : ",\"error\":\"boom\"") + "}");
                    process.steps.put(key, roll < 28 ? "completed" : "failed");
                } else {
                    send(process, "{\"type\":\"step_started\",\"step\":\"" + key + "\"}");
                    process.steps.put(key, "running");
                }
            }
            case "running" -> {
                if (roll < 30) {
                    send(process, "{\"type\":\"progress\",\"step\":\"" + key + "\",\"percent\":" + roll + "}");
                } else if (roll < 75) {
                    send(process, "{\"type\":\"step_completed\",\"step\":\"" + key + "\"}");
                    process.steps.put(key, "completed");
                } else {
                    send(process, "{\"type\":\"step_failed\",\"step\":\"" + key + "\",\"error\":\"flaky\"}");
                    process.steps.put(key, "failed");
                }
            }
            default -> {
                // completed: nothing more to do with this step
            }
        }
        return true;
    }

    /** Completes (when no step runs) or fails the process; completion skips pending steps, failure cancels running ones. */
    boolean finish(Live process, boolean complete) {
        if (complete && !process.steps.containsValue("running")) {
            send(process, "{\"type\":\"completed\"}");
        } else {
            send(process, "{\"type\":\"failed\",\"error\":\"gave up\"}");
        }
        process.finished = true;
        return false;
    }

    /** Starts a step of a stale process and leaves it running, for the server to time it out. */
    void leaveRunning(Live process) {
        String key = process.steps.keySet().iterator().next();
        send(process, "{\"type\":\"step_started\",\"step\":\"" + key + "\"}");
        process.steps.put(key, "running");
    }

    /** Waits for the server to time out every step left running, then notes them as timed out. */
    void awaitTimeOuts(Live process) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            JsonNode timeline = api().get("/api/v1/processes/" + process.id, process.token)
                    .json()
                    .path("timeline");
            boolean running = false;
            for (JsonNode step : timeline) {
                running |= step.path("status").asText().equals("running");
                process.steps.put(
                        step.path("step").asText(), step.path("status").asText());
            }
            if (!running) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("steps of " + process.id + " did not time out");
    }

    private void send(Live process, String body) {
        Api.Response response = api().post("/api/v1/processes/" + process.id + "/update", process.token, body);
        assertThat(response.status())
                .as("%s -> %s", body, response.raw().body())
                .isEqualTo(200);
        process.events += 1;
    }

    private Api api() {
        return apis.get(next++ % apis.size());
    }
}
