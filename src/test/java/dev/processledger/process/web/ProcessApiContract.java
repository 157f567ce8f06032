package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The processes API end to end: create, update, get, over real HTTP on a real store. */
public abstract class ProcessApiContract extends ApiTestSupport {

    @Test
    void createReturns201WithOrganizationQualifiedNamespace() {
        Api.Response created = api.post("/api/v1/processes", ADMIN_TOKEN, processBody("deployments", "build"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("namespace")).isEqualTo("default.deployments");
        assertThat(created.text("name")).isEqualTo("Deploy deployments");
        assertThat(UUID.fromString(created.text("process_id"))).isNotNull();
        assertThat(Instant.parse(created.text("started_at"))).isCloseTo(Instant.now(), within(Duration.ofMinutes(1)));
        assertThat(eventCount(created.text("process_id"))).isEqualTo(1);
    }

    @Test
    void newProcessHasPendingTimelineInDefinitionOrder() {
        String id = createProcess(uniqueNamespace(), "build", "test", "deploy");

        JsonNode process = process(id);
        assertThat(process.path("status").asText()).isEqualTo("running");
        assertThat(process.path("current_step").asText()).isEqualTo("build");
        assertThat(process.path("timeline").findValuesAsText("step")).containsExactly("build", "test", "deploy");
        assertThat(process.path("timeline").findValuesAsText("status")).containsOnly("pending");
        assertThat(process.path("step_defs").get(0).path("human").isBoolean()).isTrue();
        assertThat(process.path("step_defs").get(0).path("human").asBoolean()).isFalse();
        assertThat(process.path("task_ids").isArray()).isTrue();
        assertThat(process.path("task_ids")).isEmpty();
        assertThat(process.path("timeline").get(0).has("task_id")).isTrue();
        assertThat(process.path("timeline").get(0).path("task_id").isNull()).isTrue();
        assertThat(process.path("version").asLong()).isZero();
    }

    @Test
    void humanStepsAndDescriptionsAreKept() {
        Api.Response created = api.post(
                "/api/v1/processes",
                ADMIN_TOKEN,
                Map.of(
                        "namespace",
                        uniqueNamespace(),
                        "name",
                        "Release",
                        "description",
                        "Quarterly release",
                        "stale_after_seconds",
                        600,
                        "steps",
                        List.of(
                                Map.of("key", "build", "label", "Build"),
                                Map.of("key", "approve", "label", "Approve", "human", true))));

        JsonNode process = process(created.text("process_id"));
        assertThat(process.path("description").asText()).isEqualTo("Quarterly release");
        assertThat(process.path("step_defs").get(1).path("human").isBoolean()).isTrue();
        assertThat(process.path("step_defs").get(1).path("human").asBoolean()).isTrue();
        assertThat(step(process, "approve").path("human").asBoolean()).isTrue();
        assertThat(step(process, "approve").path("label").asText()).isEqualTo("Approve");
        assertThat(step(process, "build").path("human").asBoolean()).isFalse();
    }

    @Test
    void repeatingACreateWithTheSameIdAndBodyReturnsTheOriginalResponse() {
        String id = UUID.randomUUID().toString();
        Map<String, Object> body = withId(processBody(uniqueNamespace(), "build"), id);
        Api.Response first = api.post("/api/v1/processes", ADMIN_TOKEN, body);

        Api.Response retry = refused(() -> api.post("/api/v1/processes", ADMIN_TOKEN, body));

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json()).isEqualTo(first.json());
        assertThat(eventCount(id)).isEqualTo(1);
    }

    @Test
    void reusingAProcessIdWithAnotherBodyIs409() {
        String id = UUID.randomUUID().toString();
        api.post("/api/v1/processes", ADMIN_TOKEN, withId(processBody(uniqueNamespace(), "build"), id));

        Api.Response conflict = refused(() -> api.post(
                "/api/v1/processes", ADMIN_TOKEN, withId(processBody(uniqueNamespace(), "build", "test"), id)));

        assertProblem(conflict, 409, "process-id-in-use", "process_id is already in use by another process");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing namespace      | {"name":"n","steps":[{"key":"a","label":"A"}]}                                  | namespace
            namespace charset      | {"namespace":"a b","name":"n","steps":[{"key":"a","label":"A"}]}                | namespace
            namespace too long     | {"namespace":"%s","name":"n","steps":[{"key":"a","label":"A"}]}                 | namespace
            empty name             | {"namespace":"x","name":"","steps":[{"key":"a","label":"A"}]}                   | name
            no steps               | {"namespace":"x","name":"n","steps":[]}                                         | steps
            steps not an array     | {"namespace":"x","name":"n","steps":"build"}                                    | steps
            duplicate step key     | {"namespace":"x","name":"n","steps":[{"key":"a","label":"A"},{"key":"a","label":"B"}]} | steps[1].key
            step key charset       | {"namespace":"x","name":"n","steps":[{"key":"a/b","label":"A"}]}                | steps[0].key
            missing label          | {"namespace":"x","name":"n","steps":[{"key":"a"}]}                              | steps[0].label
            process_id not a uuid  | {"namespace":"x","name":"n","process_id":"p-1","steps":[{"key":"a","label":"A"}]} | process_id
            stale_after zero       | {"namespace":"x","name":"n","stale_after_seconds":0,"steps":[{"key":"a","label":"A"}]} | stale_after_seconds
            human not a boolean    | {"namespace":"x","name":"n","steps":[{"key":"a","label":"A","human":"yes"}]}    | steps[0].human
            NUL in name            | {"namespace":"x","name":"a\\u0000b","steps":[{"key":"a","label":"A"}]}        | name
            not json               | {"namespace":                                                                   | body
            """)
    void invalidCreateBodiesAre400NamingTheField(String rule, String body, String field) {
        String json = body.replace("%s", "n".repeat(101));

        Api.Response response = refused(() -> api.post("/api/v1/processes", ADMIN_TOKEN, json));

        assertInvalid(response, field);
    }

    @Test
    void tooManyStepsAndLongTextsAre400() {
        List<Map<String, Object>> steps = java.util.stream.IntStream.range(0, 101)
                .mapToObj(i -> Map.<String, Object>of("key", "s" + i, "label", "S"))
                .toList();
        assertInvalid(
                refused(() -> api.post(
                        "/api/v1/processes", ADMIN_TOKEN, Map.of("namespace", "x", "name", "n", "steps", steps))),
                "steps");
        assertInvalid(
                refused(() -> api.post(
                        "/api/v1/processes",
                        ADMIN_TOKEN,
                        Map.of(
                                "namespace",
                                "x",
                                "name",
                                "n",
                                "description",
                                "d".repeat(2001),
                                "steps",
                                List.of(Map.of("key", "a", "label", "A"))))),
                "description");
        assertInvalid(
                refused(() -> api.post(
                        "/api/v1/processes",
                        ADMIN_TOKEN,
                        Map.of(
                                "namespace",
                                "x",
                                "name",
                                "n".repeat(201),
                                "steps",
                                List.of(Map.of("key", "a", "label", "A"))))),
                "name");
    }

    @Test
    void aProcessRunsThroughEveryUpdateType() {
        String id = createProcess(uniqueNamespace(), "build", "test", "deploy");

        Api.Response started = accepted(id, """
                {"type":"step_started","step":"build","detail":"compiling"}""");
        accepted(id, """
                {"type":"progress","step":"build","message":"Compiling...","percent":50}""");
        accepted(id, """
                {"type":"step_completed","step":"build","detail":"Build successful","data":{"image_tag":"v2.1.0"}}""");
        accepted(id, """
                {"type":"step_started","step":"test"}""");
        accepted(id, """
                {"type":"step_failed","step":"test","error":"3 tests failed"}""");
        Api.Response restarted = accepted(id, """
                {"type":"step_started","step":"test"}""");
        accepted(id, """
                {"type":"step_completed","step":"test"}""");
        Api.Response completed = accepted(id, """
                {"type":"completed","summary":"Released"}""");

        assertThat(started.text("update_type")).isEqualTo("step_started");
        assertThat(started.json().path("sequence").asLong()).isEqualTo(1);
        assertThat(restarted.json().path("sequence").asLong()).isEqualTo(6);
        // completing skips the pending deploy step: two events, the response names the last
        assertThat(completed.json().path("sequence").asLong()).isEqualTo(9);
        assertThat(eventCount(id)).isEqualTo(10);

        JsonNode process = process(id);
        assertThat(process.path("status").asText()).isEqualTo("completed");
        assertThat(process.path("current_step").isNull()).isTrue();
        assertThat(process.path("summary").asText()).isEqualTo("Released");
        assertThat(process.path("completed_at").asText()).isEqualTo(completed.text("timestamp"));
        assertThat(process.path("version").asLong()).isEqualTo(9);

        JsonNode build = step(process, "build");
        assertThat(build.path("status").asText()).isEqualTo("completed");
        assertThat(build.path("detail").asText()).isEqualTo("Build successful");
        assertThat(build.path("data").path("image_tag").asText()).isEqualTo("v2.1.0");
        assertThat(build.path("progress_message").asText()).isEqualTo("Compiling...");
        assertThat(build.path("progress_percent").asInt()).isEqualTo(50);
        assertThat(build.path("started_at").asText()).isEqualTo(started.text("timestamp"));
        assertThat(build.path("duration_ms").asLong())
                .isEqualTo(Duration.between(
                                Instant.parse(build.path("started_at").asText()),
                                Instant.parse(build.path("completed_at").asText()))
                        .toMillis());

        JsonNode test = step(process, "test");
        assertThat(test.path("status").asText()).isEqualTo("completed");
        assertThat(test.path("attempt").asInt()).isEqualTo(2);
        assertThat(test.path("error").isNull())
                .as("a restart clears the previous error")
                .isTrue();
        assertThat(test.path("started_at").asText()).isEqualTo(restarted.text("timestamp"));

        assertThat(step(process, "deploy").path("status").asText()).isEqualTo("skipped");
    }

    @Test
    void currentStepIsTheLatestRunningStepThenTheFirstPendingOne() {
        String id = createProcess(uniqueNamespace(), "a", "b", "c");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"b\"}");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"c\"}");
        assertThat(process(id).path("current_step").asText()).isEqualTo("c");

        accepted(id, "{\"type\":\"step_completed\",\"step\":\"c\"}");
        assertThat(process(id).path("current_step").asText()).isEqualTo("b");

        accepted(id, "{\"type\":\"step_completed\",\"step\":\"b\"}");
        assertThat(process(id).path("current_step").asText()).isEqualTo("a");
    }

    @Test
    void completingAPendingStepStartsAndCompletesItAtOnce() {
        String id = createProcess(uniqueNamespace(), "approve");

        accepted(id, "{\"type\":\"step_completed\",\"step\":\"approve\"}");

        JsonNode approve = step(process(id), "approve");
        assertThat(approve.path("status").asText()).isEqualTo("completed");
        assertThat(approve.path("attempt").asInt()).isEqualTo(1);
        assertThat(approve.path("started_at").asText())
                .isEqualTo(approve.path("completed_at").asText());
        assertThat(approve.path("duration_ms").asLong()).isZero();
    }

    @Test
    void failingAProcessCancelsItsRunningSteps() {
        String id = createProcess(uniqueNamespace(), "a", "b");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"a\"}");

        Api.Response failed = accepted(id, "{\"type\":\"failed\",\"error\":\"disk full\"}");

        JsonNode process = process(id);
        assertThat(failed.json().path("sequence").asLong()).isEqualTo(3);
        assertThat(process.path("status").asText()).isEqualTo("failed");
        assertThat(process.path("error").asText()).isEqualTo("disk full");
        assertThat(step(process, "a").path("status").asText()).isEqualTo("cancelled");
        assertThat(step(process, "b").path("status").asText()).isEqualTo("pending");
    }

    @Test
    void concurrentUpdatesToOneProcessAreAllAppendedInOrder() throws Exception {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        int threads = 6;
        int perThread = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        List<java.util.concurrent.Future<List<Long>>> results = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
            results.add(pool.submit(() -> {
                List<Long> sequences = new java.util.ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    sequences.add(accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":1}")
                            .json()
                            .path("sequence")
                            .asLong());
                }
                return sequences;
            }));
        }
        List<Long> sequences = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<List<Long>> result : results) {
            sequences.addAll(result.get());
        }
        pool.shutdown();

        assertThat(sequences).doesNotHaveDuplicates().hasSize(threads * perThread);
        assertThat(sequences.stream().mapToLong(Long::longValue).min().orElseThrow())
                .isEqualTo(2);
        assertThat(sequences.stream().mapToLong(Long::longValue).max().orElseThrow())
                .isEqualTo(1 + threads * perThread);
        assertThat(process(id).path("version").asLong()).isEqualTo(1 + threads * perThread);
    }

    @Test
    void aDisallowedTransitionIs409WithTheCurrentStatus() {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\"}");

        Api.Response response = refused(() -> update(id, "{\"type\":\"step_started\",\"step\":\"build\"}"));

        assertProblem(response, 409, "illegal-transition", "step 'build' is completed and cannot be started again");
        assertThat(response.text("process_id")).isEqualTo(id);
        assertThat(response.text("step")).isEqualTo("build");
        assertThat(response.text("current_status")).isEqualTo("completed");
    }

    @Test
    void progressOnAStepThatIsNotRunningIs409() {
        String id = createProcess(uniqueNamespace(), "build");

        Api.Response response = refused(() -> update(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":5}"));

        assertProblem(response, 409, "illegal-transition", null);
        assertThat(response.text("current_status")).isEqualTo("pending");
    }

    @Test
    void completingWhileAStepRunsIs409() {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");

        Api.Response response = refused(() -> update(id, "{\"type\":\"completed\"}"));

        assertProblem(
                response, 409, "illegal-transition", "step 'build' is still running; the process cannot complete");
    }

    @Test
    void everyUpdateToAFinishedProcessIs409() {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"failed\",\"error\":\"aborted\"}");

        for (String body : List.of(
                "{\"type\":\"step_started\",\"step\":\"build\"}",
                "{\"type\":\"completed\"}",
                "{\"type\":\"failed\",\"error\":\"again\"}")) {
            Api.Response response = refused(() -> update(id, body));
            assertProblem(response, 409, "process-finished", "process is failed and accepts no more updates");
            assertThat(response.text("current_status")).isEqualTo("failed");
        }
    }

    @Test
    void aFullHistoryIs409ButTheRunningStepAndThenTheProcessCanStillComplete() {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        // one running step: two events stay free for completing it and then the process
        for (int held = 2; held < MAX_EVENTS - 2; held++) {
            accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":1}");
        }

        Api.Response response = refused(() -> update(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":2}"));

        assertProblem(response, 409, "history-full", null);
        assertThat(response.text("code")).isEqualTo("history_full");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\"}");
        accepted(id, "{\"type\":\"completed\",\"summary\":\"done at the cap\"}");
        assertThat(eventCount(id)).isEqualTo(MAX_EVENTS);
        assertThat(process(id).path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aFullHistoryStillLetsTheProcessFail() {
        String id = createProcess(uniqueNamespace(), "build");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}");
        for (int held = 2; held < MAX_EVENTS - 2; held++) {
            accepted(id, "{\"type\":\"progress\",\"step\":\"build\",\"percent\":1}");
        }

        accepted(id, "{\"type\":\"failed\",\"error\":\"too chatty\"}");

        assertThat(eventCount(id)).isEqualTo(MAX_EVENTS);
    }

    @Test
    void aProcessWithMoreStepsThanTheHistoryCanFinishIs400() {
        String[] tooMany = java.util.stream.IntStream.range(0, MAX_EVENTS - 1)
                .mapToObj(i -> "s" + i)
                .toArray(String[]::new);
        long before = eventCount();

        Api.Response response = api.post("/api/v1/processes", ADMIN_TOKEN, processBody(uniqueNamespace(), tooMany));

        assertInvalid(response, "steps");
        assertThat(response.json().path("details").get(0).path("message").asText())
                .isEqualTo("steps must have at most %d items: a process holds at most %d events"
                        .formatted(MAX_EVENTS - 2, MAX_EVENTS));
        assertThat(eventCount()).isEqualTo(before);
        String id = createProcess(uniqueNamespace(), java.util.Arrays.copyOf(tooMany, MAX_EVENTS - 2));
        accepted(id, "{\"type\":\"completed\"}");
        assertThat(eventCount(id)).as("created, every step skipped, completed").isEqualTo(MAX_EVENTS);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing type           | {"step":"build"}                                             | type
            unknown type           | {"type":"step_paused","step":"build"}                        | type
            missing step           | {"type":"step_started"}                                      | step
            unknown step           | {"type":"step_started","step":"deploy"}                      | step
            percent above 100      | {"type":"progress","step":"build","percent":101}             | percent
            percent negative       | {"type":"progress","step":"build","percent":-1}              | percent
            percent fractional     | {"type":"progress","step":"build","percent":50.5}            | percent
            percent as text        | {"type":"progress","step":"build","percent":"50"}            | percent
            percent huge           | {"type":"progress","step":"build","percent":1e40}            | percent
            data not an object     | {"type":"step_completed","step":"build","data":[1,2]}        | data
            data integer too big   | {"type":"step_completed","step":"build","data":{"n":9007199254740993}} | data
            step_failed w/o error  | {"type":"step_failed","step":"build"}                        | error
            failed without error   | {"type":"failed"}                                            | error
            step not a string      | {"type":"step_started","step":{"key":"build"}}               | step
            detail too long        | {"type":"step_started","step":"build","detail":"%s"}         | detail
            message too long       | {"type":"progress","step":"build","message":"%s"}            | message
            summary too long       | {"type":"completed","summary":"%s"}                          | summary
            NUL in detail          | {"type":"step_started","step":"build","detail":"a\\u0000b"} | detail
            truncated json         | {"type":"step_started","step":                               | body
            """)
    void invalidUpdatesAre400NamingTheField(String rule, String body, String field) {
        String id = createProcess(uniqueNamespace(), "build");
        String json = body.replace("%s", "x".repeat(4001));

        Api.Response response = refused(() -> update(id, json));

        assertInvalid(response, field);
    }

    @Test
    void dataOver16KiBIs400() {
        String id = createProcess(uniqueNamespace(), "build");
        String big =
                "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":{\"log\":\"" + "x".repeat(16 * 1024) + "\"}}";

        assertInvalid(refused(() -> update(id, big)), "data");
    }

    @Test
    void anUnknownProcessIs404AndAPathIdThatIsNoUuidIs400() {
        String unknown = UUID.randomUUID().toString();

        assertProblem(
                refused(() -> update(unknown, "{\"type\":\"completed\"}")), 404, "not-found", "Process not found");
        assertProblem(api.get("/api/v1/processes/" + unknown, ADMIN_TOKEN), 404, "not-found", "Process not found");
        for (String path : List.of(
                "/api/v1/processes/x",
                "/api/v1/processes/not-a-uuid/events",
                "/api/v1/processes/" + unknown.replace("-", "") + "/state?sequence=0",
                "/api/v1/processes/" + unknown + "0/verify",
                "/api/v1/stream?process_id=nope")) {
            Api.Response response = api.get(path, ADMIN_TOKEN);
            assertInvalid(response, "process_id");
            assertThat(response.text("detail")).as(path).isEqualTo("Invalid process_id format");
        }
        Api.Response update = refused(() -> update("not-a-uuid", "{\"type\":\"completed\"}"));
        assertInvalid(update, "process_id");
        assertInvalid(api.delete("/api/v1/tokens/not-a-uuid", ADMIN_TOKEN), "token_id");
    }

    @Test
    void aNamespaceSentAsTheApiReturnedItNamesTheSameNamespace() {
        String namespace = uniqueNamespace();
        Api.Response first = api.post("/api/v1/processes", ADMIN_TOKEN, processBody(namespace, "a"));
        String returned = first.text("namespace");
        assertThat(returned).isEqualTo(orgOf(first) + "." + namespace);

        Api.Response second = api.post("/api/v1/processes", ADMIN_TOKEN, processBody(returned, "a"));

        assertThat(second.status()).isEqualTo(201);
        assertThat(second.text("namespace")).as("not prefixed twice").isEqualTo(returned);
        for (String filter : List.of(namespace, returned)) {
            assertThat(api.get("/api/v1/processes?namespace=" + filter, ADMIN_TOKEN)
                            .json()
                            .path("total")
                            .asLong())
                    .as("list filtered by %s", filter)
                    .isEqualTo(2);
        }
        for (String bad : List.of(".lead", "trail.", "double..dot", orgOf(first) + ".")) {
            assertInvalid(
                    refused(() -> api.post("/api/v1/processes", ADMIN_TOKEN, processBody(bad, "a"))), "namespace");
        }
    }

    private static String orgOf(Api.Response created) {
        String namespace = created.text("namespace");
        return namespace.substring(0, namespace.indexOf('.'));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            camelCase member           | /api/v1/processes | {"namespace":"n","name":"a","steps":[{"key":"k","label":"l"}],"staleAfterSeconds":60} | staleAfterSeconds | unknown member 'staleAfterSeconds'; did you mean 'stale_after_seconds'?
            camelCase process id       | /api/v1/processes | {"namespace":"n","name":"a","steps":[{"key":"k","label":"l"}],"processId":"x"}      | processId          | unknown member 'processId'; did you mean 'process_id'?
            unknown member             | /api/v1/processes | {"namespace":"n","name":"a","steps":[{"key":"k","label":"l"}],"colour":"red"}      | colour             | unknown member 'colour'
            unknown step member        | /api/v1/processes | {"namespace":"n","name":"a","steps":[{"key":"k","label":"l","order":1}]}            | steps[0].order     | unknown member 'order'
            token camelCase            | /api/v1/tokens    | {"name":"x","scopes":["processes:read"],"expiresAt":"2030-01-01T00:00:00Z"}         | expiresAt          | unknown member 'expiresAt'; did you mean 'expires_at'?
            organization member        | /api/v1/organizations | {"name":"x","plan":"gold"}                                                       | plan               | unknown member 'plan'
            name as number             | /api/v1/processes | {"namespace":"n","name":5,"steps":[{"key":"k","label":"l"}]}                        | name               | name must be a string
            namespace as number        | /api/v1/processes | {"namespace":123,"name":"a","steps":[{"key":"k","label":"l"}]}                      | namespace          | namespace must be a string
            step key as number         | /api/v1/processes | {"namespace":"n","name":"a","steps":[{"key":7,"label":"l"}]}                        | steps[0].key       | steps[0].key must be a string
            human as number            | /api/v1/processes | {"namespace":"n","name":"a","steps":[{"key":"k","label":"l","human":1}]}            | steps[0].human     | steps[0].human must be a boolean
            stale as text              | /api/v1/processes | {"namespace":"n","name":"a","steps":[{"key":"k","label":"l"}],"stale_after_seconds":"60"} | stale_after_seconds | stale_after_seconds must be an integer
            token name as boolean      | /api/v1/tokens    | {"name":true,"scopes":["processes:read"]}                                           | name               | name must be a string
            expiry as epoch seconds    | /api/v1/tokens    | {"name":"x","scopes":["processes:read"],"expires_at":1900000000}                    | expires_at         | expires_at must be an ISO-8601 instant such as 2030-01-01T00:00:00Z
            scope named twice          | /api/v1/tokens    | {"name":"x","scopes":["processes:read","processes:read"]}                           | scopes             | scopes must not name a scope twice
            """)
    void unknownMembersAndWrongTypesAre400NamingTheMember(
            String what, String path, String body, String field, String message) {
        long credentials = credentialRows();

        Api.Response response = refused(() -> api.post(path, ADMIN_TOKEN, body));

        assertInvalid(response, field);
        assertThat(response.json().path("details").get(0).path("message").asText())
                .isEqualTo(message);
        assertThat(credentialRows()).isEqualTo(credentials);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            message as number          | {"type":"progress","step":"build","message":42}                   | message | message must be a string
            error as number            | {"type":"failed","error":12345}                                   | error   | error must be a string
            a member of another type   | {"type":"completed","step":"build"}                               | step    | step is not a member of a completed update
            progress with data         | {"type":"progress","step":"build","data":{"x":1}}                 | data    | data is not a member of a progress update
            start with an error        | {"type":"step_started","step":"build","error":"e"}                | error   | error is not a member of a step_started update
            another type's member null | {"type":"completed","step":null}                                  | step    | step is not a member of a completed update
            unknown member             | {"type":"step_started","step":"build","stepName":"x"}             | stepName | unknown member 'stepName'
            """)
    void anUpdateHasExactlyTheMembersOfItsType(String what, String body, String field, String message) {
        String id = createProcess(uniqueNamespace(), "build");

        Api.Response response = refused(() -> update(id, body));

        assertInvalid(response, field);
        assertThat(response.json().path("details").findValuesAsText("message")).contains(message);
    }

    @Test
    void anOptionalMemberOfTheTypeSentAsNullCountsAsNotSent() {
        String id = createProcess(uniqueNamespace(), "build");

        accepted(id, "{\"type\":\"step_started\",\"step\":\"build\",\"detail\":null}");
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\",\"detail\":null,\"data\":null}");

        JsonNode build = step(process(id), "build");
        assertThat(build.path("detail").isNull()).isTrue();
        assertThat(build.path("data").isNull()).isTrue();
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String id = createProcess(uniqueNamespace(), "build");
        String huge = "{\"type\":\"step_started\",\"step\":\"build\",\"detail\":\"" + "x".repeat(70 * 1024) + "\"}";

        assertProblem(refused(() -> update(id, huge)), 413, "body-too-large", null);
        Api.Response chunked = refused(() -> api.send(api.request("/api/v1/processes/" + id + "/update", ADMIN_TOKEN)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes())))
                .build()));
        assertProblem(chunked, 413, "body-too-large", null);
    }

    @Test
    void aBodyThatRepeatsAMemberIs400OnEveryEndpointAndChangesNothing() {
        String id = createProcess(uniqueNamespace(), "build");
        Map<String, String> bodies = Map.of(
                "/api/v1/processes",
                "{\"namespace\":\"n\",\"name\":\"a\",\"steps\":[{\"key\":\"k\",\"label\":\"l\"}],\"name\":null}",
                "/api/v1/processes/" + id + "/update",
                "{\"type\":\"step_started\",\"step\":\"build\",\"step\":\"other\"}",
                "/api/v1/tokens",
                "{\"name\":\"bot\",\"scopes\":[\"processes:read\"],\"name\":null}",
                "/api/v1/organizations",
                "{\"name\":\"Acme\",\"name\":\"Other\"}");
        everyBodyIsRefusedAsUnreadable(bodies, "body is not valid JSON");
    }

    @Test
    void contentAfterTheJsonBodyIs400OnEveryEndpointAndChangesNothing() {
        String id = createProcess(uniqueNamespace(), "build");
        Map<String, String> bodies = Map.of(
                "/api/v1/processes",
                "{\"namespace\":\"n\",\"name\":\"a\",\"steps\":[{\"key\":\"k\",\"label\":\"l\"}]} {}",
                "/api/v1/processes/" + id + "/update",
                "{\"type\":\"step_started\",\"step\":\"build\"}{\"type\":\"failed\",\"error\":\"x\"}",
                "/api/v1/tokens",
                "{\"name\":\"bot\",\"scopes\":[\"processes:read\"]}\n[]",
                "/api/v1/organizations",
                "{\"name\":\"Acme\"} {\"name\":\"Other\"}");
        everyBodyIsRefusedAsUnreadable(bodies, "body must be a single JSON value; content follows it");
        assertThat(process(id).path("status").asText()).isEqualTo("running");
        assertThat(accepted(id, "{\"type\":\"step_started\",\"step\":\"build\"}  \n")
                        .status())
                .as("white space after the body is fine")
                .isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            process name          | /api/v1/processes       | {"namespace":"n","name":"a\\ud800b","steps":[{"key":"k","label":"l"}]}  | name
            step label            | /api/v1/processes       | {"namespace":"n","name":"a","steps":[{"key":"k","label":"\\udc00"}]}     | steps[0].label
            update detail         | UPDATE                  | {"type":"step_started","step":"build","detail":"x\\ud800"}              | detail
            data value            | UPDATE                  | {"type":"step_completed","step":"build","data":{"k":["\\udfff"]}}       | data
            data key              | UPDATE                  | {"type":"step_completed","step":"build","data":{"\\ud800":1}}           | data
            token name            | /api/v1/tokens          | {"name":"\\ud800","scopes":["processes:read"]}                          | name
            organization name     | /api/v1/organizations   | {"name":"x\\udbff"}                                                       | name
            """)
    void unpairedSurrogatesAre400Everywhere(String what, String path, String body, String field) {
        String id = createProcess(uniqueNamespace(), "build");
        String target = path.equals("UPDATE") ? "/api/v1/processes/" + id + "/update" : path;
        long credentials = credentialRows();

        Api.Response response = refused(() -> api.post(target, ADMIN_TOKEN, body));

        assertInvalid(response, field);
        assertThat(credentialRows()).isEqualTo(credentials);
        assertThat(accepted(
                                id,
                                "{\"type\":\"step_completed\",\"step\":\"build\",\"detail\":\"pair \\ud83d\\ude80 ok\"}")
                        .status())
                .as("a surrogate pair (an emoji) is text")
                .isEqualTo(200);
        assertThat(step(process(id), "build").path("detail").asText()).isEqualTo("pair \ud83d\ude80 ok");
    }

    @Test
    void dataNestedDeeperThan64LevelsIs400AndAtTheLimitReadsBackEverywhere() {
        String id = createProcess(uniqueNamespace(), "build");
        String atLimit = "{\"x\":".repeat(63) + "[1]" + "}".repeat(63);
        String tooDeep = "{\"x\":".repeat(64) + "[1]" + "}".repeat(64);

        Api.Response refusedDeep =
                refused(() -> update(id, "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":" + tooDeep + "}"));
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"build\",\"data\":" + atLimit + "}");

        assertInvalid(refusedDeep, "data");
        assertThat(refusedDeep.json().path("details").get(0).path("message").asText())
                .isEqualTo("data must not nest objects and arrays more than 64 levels deep");
        assertThat(process(id).path("timeline").get(0).path("data").toString()).isEqualTo(atLimit);
        assertThat(api.get("/api/v1/processes/" + id + "/events", ADMIN_TOKEN).status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/processes/" + id + "/state?sequence=1", ADMIN_TOKEN)
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
    }

    /** Posts each body to its endpoint: 400 naming the body, no event, token or organization added. */
    private void everyBodyIsRefusedAsUnreadable(Map<String, String> bodies, String message) {
        for (Map.Entry<String, String> body : bodies.entrySet()) {
            long credentials = credentialRows();

            Api.Response response = refused(() -> api.post(body.getKey(), ADMIN_TOKEN, body.getValue()));

            assertInvalid(response, "body");
            assertThat(response.json().path("details").get(0).path("message").asText())
                    .as(body.getKey())
                    .isEqualTo(message);
            assertThat(credentialRows()).as(body.getKey()).isEqualTo(credentials);
        }
    }

    private long credentialRows() {
        return count("SELECT (SELECT COUNT(*) FROM api_token) + (SELECT COUNT(*) FROM organization)");
    }

    @Test
    void onlyTheContractsMediaTypesAreServed() {
        for (String[] request : new String[][] {
            {"/api/v1/processes", "application/yaml"},
            {"/api/v1/audit/export", "application/json"},
            {"/api/v1/stream", "text/csv"}
        }) {
            Api.Response response = api.send(api.request(request[0], ADMIN_TOKEN)
                    .header("Accept", request[1])
                    .GET()
                    .build());

            assertProblem(response, 406, "not-acceptable", null);
            assertThat(response.text("detail")).as(request[0]).doesNotContain("yaml");
        }
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        String id = createProcess(uniqueNamespace(), "build");

        Api.Response response = refused(() -> api.send(api.request("/api/v1/processes/" + id + "/update", ADMIN_TOKEN)
                .header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("type=completed"))
                .build()));

        assertProblem(response, 415, "unsupported-media-type", null);
    }

    private static Map<String, Object> withId(Map<String, Object> body, String id) {
        Map<String, Object> copy = new java.util.HashMap<>(body);
        copy.put("process_id", id);
        return copy;
    }

    private static org.assertj.core.data.TemporalUnitOffset within(Duration duration) {
        return new org.assertj.core.data.TemporalUnitWithinOffset(
                duration.toSeconds(), java.time.temporal.ChronoUnit.SECONDS);
    }
}
