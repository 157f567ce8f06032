package dev.processledger.process.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tasks API over real HTTP: approvals that complete or fail their step, in the process's history with the
 * person who decided as actor; the four-eyes rule; waits; expiry; and every refusal appending nothing.
 */
abstract class TaskApiContract extends ApiTestSupport {

    private String approver;
    private String approverId;

    @BeforeEach
    void anApprover() {
        Api.Response token = api.post(
                "/api/v1/tokens",
                ADMIN_TOKEN,
                Map.of("name", "approver " + UUID.randomUUID(), "scopes", List.of("tasks:create", "tasks:read")));
        assertThat(token.status()).as(token.raw().body()).isEqualTo(201);
        approver = token.text("token");
        approverId = token.text("token_id");
    }

    private String token(String... scopes) {
        Api.Response token =
                api.post("/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "t " + UUID.randomUUID(), "scopes", scopes));
        assertThat(token.status()).as(token.raw().body()).isEqualTo(201);
        return token.text("token");
    }

    private Map<String, Object> taskBody(String processId, String step) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", "Approve " + step);
        body.put("process_id", processId);
        body.put("process_step", step);
        return body;
    }

    private JsonNode createTask(String token, Map<String, Object> body) {
        Api.Response created = api.post("/api/v1/tasks", token, body);
        assertThat(created.status()).as("create task: %s", created.json()).isEqualTo(201);
        return created.json();
    }

    private JsonNode task(String taskId) {
        Api.Response response = api.get("/api/v1/tasks/" + taskId, approver);
        assertThat(response.status()).as(response.raw().body()).isEqualTo(200);
        return response.json();
    }

    private Api.Response complete(String taskId, String token, String decision, String comment) {
        Map<String, Object> body = new HashMap<>();
        body.put("decision", decision);
        if (comment != null) {
            body.put("comment", comment);
        }
        return api.post("/api/v1/tasks/" + taskId + "/complete", token, body);
    }

    private List<JsonNode> events(String processId) {
        List<JsonNode> events = new ArrayList<>();
        api.get("/api/v1/processes/" + processId + "/events", ADMIN_TOKEN)
                .json()
                .path("events")
                .forEach(events::add);
        return events;
    }

    @Test
    void approvingCompletesTheStepWithTheApproverAsActor() {
        String id = createProcess(uniqueNamespace(), "build", "review");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"review\"}");
        Map<String, Object> body = taskBody(id, "review");
        body.put("instructions", "Check the release notes");
        body.put("assignee", "release managers");
        JsonNode created = createTask(ADMIN_TOKEN, body);
        String taskId = created.path("task_id").asText();
        assertThat(created.path("status").asText()).isEqualTo("pending");
        assertThat(created.path("process_id").asText()).isEqualTo(id);
        assertThat(created.path("process_step").asText()).isEqualTo("review");
        assertThat(created.path("instructions").asText()).isEqualTo("Check the release notes");
        assertThat(created.path("assignee").asText()).isEqualTo("release managers");
        assertThat(created.path("distinct_approver").asBoolean()).isFalse();
        assertThat(created.path("expires_at").isNull()).isTrue();
        assertThat(created.path("created_by").path("token_name").asText()).isEqualTo("bootstrap");
        assertThat(created.path("completed_by").isNull()).isTrue();

        JsonNode process = process(id);
        assertThat(process.path("task_ids").get(0).asText()).isEqualTo(taskId);
        assertThat(step(process, "review").path("task_id").asText()).isEqualTo(taskId);
        assertThat(step(process, "build").path("task_id").isNull()).isTrue();
        JsonNode listed = api.get(
                        "/api/v1/processes?namespace="
                                + process.path("namespace").asText(),
                        ADMIN_TOKEN)
                .json();
        assertThat(listed.path("processes").get(0).path("task_ids").get(0).asText())
                .isEqualTo(taskId);

        Api.Response approved = complete(taskId, approver, "approve", "notes look right");
        assertThat(approved.status()).as(approved.raw().body()).isEqualTo(200);
        assertThat(approved.text("status")).isEqualTo("approved");
        assertThat(approved.text("decision")).isEqualTo("approve");
        assertThat(approved.text("comment")).isEqualTo("notes look right");
        assertThat(approved.json().path("completed_by").path("token_id").asText())
                .isEqualTo(approverId);
        assertThat(approved.json().path("completed_at").isTextual()).isTrue();

        JsonNode review = step(process(id), "review");
        assertThat(review.path("status").asText()).isEqualTo("completed");
        assertThat(review.path("detail").asText()).isEqualTo("notes look right");
        List<JsonNode> events = events(id);
        JsonNode approval = events.get(events.size() - 2);
        JsonNode completion = events.get(events.size() - 1);
        assertThat(approval.path("type").asText()).isEqualTo("task_approved");
        assertThat(approval.path("data").path("task_id").asText()).isEqualTo(taskId);
        assertThat(approval.path("actor").path("token_id").asText()).isEqualTo(approverId);
        assertThat(completion.path("type").asText()).isEqualTo("step_completed");
        assertThat(completion.path("actor").path("token_id").asText()).isEqualTo(approverId);
        assertThat(events.get(events.size() - 3).path("type").asText()).isEqualTo("task_created");
        assertThat(api.get("/api/v1/processes/" + id + "/verify", ADMIN_TOKEN)
                        .json()
                        .path("valid")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void rejectingFailsTheStepWithTheCommentOrRejected() {
        String id = createProcess(uniqueNamespace(), "review", "sign-off");
        String first =
                createTask(ADMIN_TOKEN, taskBody(id, "review")).path("task_id").asText();
        Api.Response rejected = complete(first, approver, "reject", "missing changelog");
        assertThat(rejected.status()).as(rejected.raw().body()).isEqualTo(200);
        assertThat(rejected.text("status")).isEqualTo("rejected");
        JsonNode review = step(process(id), "review");
        assertThat(review.path("status").asText()).isEqualTo("failed");
        assertThat(review.path("error").asText()).isEqualTo("missing changelog");
        assertThat(review.path("attempt").asInt())
                .as("from pending: a new attempt")
                .isEqualTo(1);

        String second = createTask(ADMIN_TOKEN, taskBody(id, "sign-off"))
                .path("task_id")
                .asText();
        assertThat(complete(second, approver, "reject", null).status()).isEqualTo(200);
        assertThat(step(process(id), "sign-off").path("error").asText()).isEqualTo("rejected");
        List<JsonNode> events = events(id);
        assertThat(events.get(events.size() - 2).path("type").asText()).isEqualTo("task_rejected");
        assertThat(events.get(events.size() - 1).path("type").asText()).isEqualTo("step_failed");
    }

    @Test
    void aDistinctApproverIsNeitherTheProcessesNorTheTasksCreator() {
        String processCreator = token("processes:write", "processes:read");
        String taskCreator = token("tasks:create");
        String id = api.post("/api/v1/processes", processCreator, processBody(uniqueNamespace(), "deploy"))
                .text("process_id");
        Map<String, Object> body = taskBody(id, "deploy");
        body.put("distinct_approver", true);
        String taskId = createTask(taskCreator, body).path("task_id").asText();

        for (String sameHands : List.of(processCreator, taskCreator)) {
            Api.Response refused = refused(() -> complete(taskId, sameHands, "approve", "self-approved"));
            assertProblem(
                    refused,
                    403,
                    "distinct-approver",
                    "this task needs a distinct approver: the token that created the process or the task cannot"
                            + " decide it");
            assertThat(refused.text("code")).isEqualTo("same_approver");
        }
        assertThat(task(taskId).path("status").asText()).isEqualTo("pending");
        assertThat(complete(taskId, approver, "approve", null).status()).isEqualTo(200);
        assertThat(step(process(id), "deploy").path("status").asText()).isEqualTo("completed");
    }

    @Test
    void withoutTheRuleTheCreatorMayApprove() {
        String id = createProcess(uniqueNamespace(), "deploy");
        String taskId =
                createTask(ADMIN_TOKEN, taskBody(id, "deploy")).path("task_id").asText();
        assertThat(complete(taskId, ADMIN_TOKEN, "approve", null).status()).isEqualTo(200);
    }

    @Test
    void aTaskThatIsNotPendingIsAConflictAndNothingIsAppended() {
        String id = createProcess(uniqueNamespace(), "review", "other");
        String taskId =
                createTask(ADMIN_TOKEN, taskBody(id, "review")).path("task_id").asText();
        assertThat(complete(taskId, approver, "approve", null).status()).isEqualTo(200);

        Api.Response again = refused(() -> complete(taskId, approver, "reject", null));
        assertProblem(again, 409, "task-not-pending", "task is approved, not pending");
        assertThat(again.text("code")).isEqualTo("task_not_pending");
        assertThat(again.text("current_status")).isEqualTo("approved");
        assertThat(again.text("process_id")).isEqualTo(id);
        Api.Response cancel =
                refused(() -> api.post("/api/v1/tasks/" + taskId + "/cancel", approver, "{\"reason\":\"late\"}"));
        assertProblem(cancel, 409, "task-not-pending", "task is approved, not pending");

        String other =
                createTask(ADMIN_TOKEN, taskBody(id, "other")).path("task_id").asText();
        Api.Response twice = refused(() -> api.post("/api/v1/tasks", ADMIN_TOKEN, taskBody(id, "other")));
        assertProblem(twice, 409, "task-already-pending", "step 'other' already has pending task " + other);
        assertThat(twice.text("code")).isEqualTo("task_already_pending");

        Api.Response finishedStep = refused(() -> api.post("/api/v1/tasks", ADMIN_TOKEN, taskBody(id, "review")));
        assertProblem(finishedStep, 409, "illegal-transition", "step 'review' is completed and cannot be given a task");
    }

    @Test
    void badRequestsAreRefusedWithDetailsAndNothingIsAppended() {
        String id = createProcess(uniqueNamespace(), "review");
        assertInvalid(refused(() -> api.post("/api/v1/tasks", ADMIN_TOKEN, Map.of("process_id", id))), "title");
        Map<String, Object> badId = taskBody("not-a-uuid", "review");
        assertInvalid(refused(() -> api.post("/api/v1/tasks", ADMIN_TOKEN, badId)), "process_id");
        Map<String, Object> unknownStep = taskBody(id, "nope");
        assertInvalid(refused(() -> api.post("/api/v1/tasks", ADMIN_TOKEN, unknownStep)), "process_step");
        Map<String, Object> neverExpires = taskBody(id, "review");
        neverExpires.put("expires_in", 0);
        assertInvalid(refused(() -> api.post("/api/v1/tasks", ADMIN_TOKEN, neverExpires)), "expires_in");
        Map<String, Object> unknownMember = taskBody(id, "review");
        unknownMember.put("approvers", 2);
        assertInvalid(refused(() -> api.post("/api/v1/tasks", ADMIN_TOKEN, unknownMember)), "approvers");
        Map<String, Object> longTitle = taskBody(id, "review");
        longTitle.put("title", "t".repeat(201));
        assertInvalid(refused(() -> api.post("/api/v1/tasks", ADMIN_TOKEN, longTitle)), "title");
        assertProblem(
                refused(() -> api.post(
                        "/api/v1/tasks", ADMIN_TOKEN, taskBody(UUID.randomUUID().toString(), "a"))),
                404,
                "not-found",
                "Process not found");

        String taskId =
                createTask(ADMIN_TOKEN, taskBody(id, "review")).path("task_id").asText();
        assertInvalid(refused(() -> complete(taskId, approver, "maybe", null)), "decision");
        assertInvalid(
                refused(() -> api.post("/api/v1/tasks/" + taskId + "/complete", approver, "{\"comment\":\"x\"}")),
                "decision");
        assertInvalid(refused(() -> complete("123", approver, "approve", null)), "task_id");
        assertProblem(
                refused(() -> complete(UUID.randomUUID().toString(), approver, "approve", null)),
                404,
                "not-found",
                "Task not found");
        assertProblem(
                refused(() -> api.post("/api/v1/tasks/" + UUID.randomUUID() + "/cancel", approver, "{}")),
                404,
                "not-found",
                "Task not found");
        assertProblem(api.get("/api/v1/tasks/" + UUID.randomUUID(), approver), 404, "not-found", "Task not found");
        assertInvalid(api.get("/api/v1/tasks?status=open", approver), "status");
        assertInvalid(api.get("/api/v1/tasks?limit=0", approver), "limit");
        assertInvalid(api.get("/api/v1/tasks?process_id=x", approver), "process_id");
        assertInvalid(api.get("/api/v1/tasks/" + taskId + "/wait?timeout=0", approver), "timeout");
        assertInvalid(api.get("/api/v1/tasks/" + taskId + "/wait?timeout=301", approver), "timeout");
        assertThat(task(taskId).path("status").asText()).isEqualTo("pending");
    }

    @Test
    void scopesDecideWhoMayCreateReadAndDecide() {
        String id = createProcess(uniqueNamespace(), "review");
        String reader = token("processes:read");
        String taskReader = token("tasks:read");
        assertProblem(
                refused(() -> api.post("/api/v1/tasks", reader, taskBody(id, "review"))),
                403,
                "forbidden",
                "Insufficient permissions");
        assertProblem(
                refused(() -> api.post("/api/v1/tasks", taskReader, taskBody(id, "review"))),
                403,
                "forbidden",
                "Insufficient permissions");
        String taskId =
                createTask(approver, taskBody(id, "review")).path("task_id").asText();
        assertThat(api.get("/api/v1/tasks/" + taskId, reader).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/tasks?process_id=" + id, taskReader).status())
                .isEqualTo(200);
        assertProblem(
                refused(() -> complete(taskId, taskReader, "approve", null)),
                403,
                "forbidden",
                "Insufficient permissions");
        assertProblem(
                refused(() -> api.post("/api/v1/tasks/" + taskId + "/cancel", reader, "{}")),
                403,
                "forbidden",
                "Insufficient permissions");
        assertProblem(api.get("/api/v1/tasks", "htk_" + "0".repeat(64)), 401, "unauthorized", "Invalid token");
    }

    @Test
    void theListFiltersByStatusAndProcessAndPages() {
        String id = createProcess(uniqueNamespace(), "a", "b", "c");
        String a = createTask(ADMIN_TOKEN, taskBody(id, "a")).path("task_id").asText();
        String b = createTask(ADMIN_TOKEN, taskBody(id, "b")).path("task_id").asText();
        String c = createTask(ADMIN_TOKEN, taskBody(id, "c")).path("task_id").asText();
        assertThat(complete(b, approver, "approve", null).status()).isEqualTo(200);

        JsonNode all = api.get("/api/v1/tasks?process_id=" + id, approver).json();
        assertThat(all.path("total").asLong()).isEqualTo(3);
        assertThat(all.path("tasks").findValuesAsText("task_id")).containsExactly(c, b, a);
        JsonNode pending = api.get("/api/v1/tasks?status=pending&process_id=" + id, approver)
                .json();
        assertThat(pending.path("tasks").findValuesAsText("task_id")).containsExactly(c, a);
        JsonNode page = api.get("/api/v1/tasks?process_id=" + id + "&limit=1&offset=1", approver)
                .json();
        assertThat(page.path("tasks").findValuesAsText("task_id")).containsExactly(b);
        assertThat(page.path("total").asLong()).isEqualTo(3);
        assertThat(page.path("limit").asInt()).isEqualTo(1);
        assertThat(page.path("offset").asInt()).isEqualTo(1);
        JsonNode approved = api.get("/api/v1/tasks?status=approved&process_id=" + id, approver)
                .json();
        assertThat(approved.path("tasks").findValuesAsText("task_id")).containsExactly(b);
    }

    @Test
    void aWaitAnswersWhenTheTaskIsDecidedOrTimesOut() throws Exception {
        String id = createProcess(uniqueNamespace(), "review");
        String taskId =
                createTask(ADMIN_TOKEN, taskBody(id, "review")).path("task_id").asText();

        Api.Response timedOut = api.get("/api/v1/tasks/" + taskId + "/wait?timeout=1", approver);
        assertProblem(timedOut, 408, "timed-out", "task " + taskId + " is still pending after 1 s; wait again");
        assertThat(timedOut.json().path("timed_out").asBoolean()).isTrue();
        assertThat(timedOut.text("task_id")).isEqualTo(taskId);

        CompletableFuture<Api.Response> waiting =
                CompletableFuture.supplyAsync(() -> api.get("/api/v1/tasks/" + taskId + "/wait?timeout=30", approver));
        Thread.sleep(300);
        assertThat(waiting).as("still waiting while the task is pending").isNotDone();
        Instant decided = Instant.now();
        assertThat(complete(taskId, approver, "approve", "ok").status()).isEqualTo(200);
        Api.Response answered = waiting.get(10, TimeUnit.SECONDS);
        assertThat(Duration.between(decided, Instant.now()))
                .as("answered soon after the decision")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(answered.status()).as(answered.raw().body()).isEqualTo(200);
        assertThat(answered.text("status")).isEqualTo("approved");

        Api.Response settled = api.get("/api/v1/tasks/" + taskId + "/wait?timeout=300", approver);
        assertThat(settled.status()).as("a settled task answers at once").isEqualTo(200);
        assertThat(settled.text("status")).isEqualTo("approved");
    }

    @Test
    void anExpiredTaskCanNoLongerBeDecided() throws Exception {
        String id = createProcess(uniqueNamespace(), "review");
        Map<String, Object> body = taskBody(id, "review");
        body.put("expires_in", 1);
        JsonNode created = createTask(ADMIN_TOKEN, body);
        String taskId = created.path("task_id").asText();
        assertThat(Instant.parse(created.path("expires_at").asText()))
                .isEqualTo(Instant.parse(created.path("created_at").asText()).plusSeconds(1));

        Api.Response waited = api.get("/api/v1/tasks/" + taskId + "/wait?timeout=10", approver);
        assertThat(waited.status()).as("expiry ends a wait").isEqualTo(200);
        assertThat(waited.text("status")).isEqualTo("expired");
        assertThat(api.get("/api/v1/tasks?status=expired&process_id=" + id, approver)
                        .json()
                        .path("tasks")
                        .findValuesAsText("task_id"))
                .containsExactly(taskId);
        assertThat(api.get("/api/v1/tasks?status=pending&process_id=" + id, approver)
                        .json()
                        .path("total")
                        .asLong())
                .isZero();
        Api.Response late = refused(() -> complete(taskId, approver, "approve", null));
        assertProblem(late, 409, "task-not-pending", "task is expired, not pending");
        assertThat(late.text("current_status")).isEqualTo("expired");
        assertThat(createTask(ADMIN_TOKEN, taskBody(id, "review"))
                        .path("status")
                        .asText())
                .as("an expired task leaves room for a new one")
                .isEqualTo("pending");
    }

    @Test
    void cancellingWithdrawsTheTaskAndFinishingItsStepOrProcessCancelsIt() {
        String id = createProcess(uniqueNamespace(), "a", "b", "c");
        String a = createTask(ADMIN_TOKEN, taskBody(id, "a")).path("task_id").asText();
        Api.Response cancelled = api.post("/api/v1/tasks/" + a + "/cancel", approver, "{\"reason\":\"not needed\"}");
        assertThat(cancelled.status()).as(cancelled.raw().body()).isEqualTo(200);
        assertThat(cancelled.text("status")).isEqualTo("cancelled");
        assertThat(cancelled.text("comment")).isEqualTo("not needed");
        assertThat(step(process(id), "a").path("status").asText())
                .as("its step is left alone")
                .isEqualTo("pending");

        String again =
                createTask(ADMIN_TOKEN, taskBody(id, "a")).path("task_id").asText();
        Api.Response noBody = api.send(api.request("/api/v1/tasks/" + again + "/cancel", approver)
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build());
        assertThat(noBody.status()).as("no body: %s", noBody.raw().body()).isEqualTo(200);

        String b = createTask(ADMIN_TOKEN, taskBody(id, "b")).path("task_id").asText();
        accepted(id, "{\"type\":\"step_completed\",\"step\":\"b\"}");
        assertThat(task(b).path("status").asText()).isEqualTo("cancelled");
        assertThat(task(b).path("comment").asText()).isEqualTo("step completed");

        String c = createTask(ADMIN_TOKEN, taskBody(id, "c")).path("task_id").asText();
        accepted(id, "{\"type\":\"completed\"}");
        JsonNode closed = task(c);
        assertThat(closed.path("status").asText()).isEqualTo("cancelled");
        assertThat(closed.path("comment").asText()).isEqualTo("process completed");
        assertThat(closed.path("completed_by").path("token_name").asText()).isEqualTo("bootstrap");
        assertThat(process(id).path("task_ids").size()).isEqualTo(4);
    }

    @Test
    void aStepWaitingForAnApprovalDoesNotTimeOut() throws Exception {
        Map<String, Object> definition = new HashMap<>(processBody(uniqueNamespace(), "review"));
        definition.put("stale_after_seconds", 1);
        String id = api.post("/api/v1/processes", ADMIN_TOKEN, definition).text("process_id");
        accepted(id, "{\"type\":\"step_started\",\"step\":\"review\"}");
        String taskId =
                createTask(ADMIN_TOKEN, taskBody(id, "review")).path("task_id").asText();
        Thread.sleep(3000);
        assertThat(step(process(id), "review").path("status").asText())
                .as("waiting for a person is not silence")
                .isEqualTo("running");

        assertThat(api.post("/api/v1/tasks/" + taskId + "/cancel", approver, "{}")
                        .status())
                .isEqualTo(200);
        Instant deadline = Instant.now().plusSeconds(15);
        while (!step(process(id), "review").path("status").asText().equals("timed_out")) {
            assertThat(Instant.now()).as("timed out once its task is gone").isBefore(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void aRebuildRestoresTasksExactly() throws Exception {
        String id = createProcess(uniqueNamespace(), "a", "b");
        String a = createTask(ADMIN_TOKEN, taskBody(id, "a")).path("task_id").asText();
        complete(a, approver, "approve", "fine");
        createTask(ADMIN_TOKEN, taskBody(id, "b"));
        String orgId = jdbc.queryForObject(
                "SELECT org_id FROM process_view WHERE process_id = ?", String.class, UUID.fromString(id));
        List<Map<String, Object>> before = readModelRows(orgId);
        jdbc.update(
                "UPDATE task_view SET status = 'cancelled', comment = 'tampered' WHERE process_id = ?",
                UUID.fromString(id));
        rebuildAndWait(ADMIN_TOKEN);
        assertThat(readModelRows(orgId)).isEqualTo(before);
    }
}
