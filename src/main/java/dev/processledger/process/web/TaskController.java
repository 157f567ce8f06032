package dev.processledger.process.web;

import dev.processledger.http.FieldIssue;
import dev.processledger.http.FieldRules;
import dev.processledger.http.InvalidRequestException;
import dev.processledger.http.NotFoundException;
import dev.processledger.http.Problems;
import dev.processledger.platform.Ids;
import dev.processledger.process.api.CancelTaskCommand;
import dev.processledger.process.api.CompleteTaskCommand;
import dev.processledger.process.api.CreateTaskCommand;
import dev.processledger.process.api.FindProcessQuery;
import dev.processledger.process.api.FindTaskQuery;
import dev.processledger.process.api.ListTasksQuery;
import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.TaskDetails;
import dev.processledger.process.api.TaskPage;
import dev.processledger.process.api.TaskStatus;
import dev.processledger.security.TokenPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;

/**
 * The tasks API: approvals for steps of processes. Every change is a command to the task's process, so it lands in
 * that process's history with its actor; reads come from the task read model.
 */
@RestController
@RequestMapping("/api/v1/tasks")
class TaskController {

    static final int DEFAULT_WAIT_SECONDS = 30;
    static final int MAX_WAIT_SECONDS = 300;

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final TaskWaits waits;
    private final Clock clock;

    TaskController(CommandGateway commands, QueryGateway queries, TaskWaits waits, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.waits = waits;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<TaskDetails> create(
            @RequestBody CreateTaskRequest request, @AuthenticationPrincipal TokenPrincipal caller) {
        request.validate();
        String processId = Ids.parse(request.processId()).orElseThrow();
        ProcessDetails process = queries.query(
                        new FindProcessQuery(caller.orgId(), processId),
                        ResponseTypes.optionalInstanceOf(ProcessDetails.class))
                .join()
                .orElseThrow(() -> new NotFoundException("Process not found"));
        if (process.stepDefs().stream().noneMatch(step -> step.key().equals(request.processStep()))) {
            throw new InvalidRequestException(List.of(new FieldIssue(
                    "process_step", "unknown step '%s' of process %s".formatted(request.processStep(), processId))));
        }
        Instant now = clock.instant();
        String taskId = UUID.randomUUID().toString();
        send(
                new CreateTaskCommand(
                        processId,
                        caller.orgId(),
                        taskId,
                        request.processStep(),
                        request.title(),
                        request.instructions(),
                        request.assignee(),
                        request.expiresIn() == null ? null : now.plusSeconds(request.expiresIn()),
                        Boolean.TRUE.equals(request.distinctApprover()),
                        caller.tokenId().toString(),
                        now),
                caller);
        return ResponseEntity.status(HttpStatus.CREATED).body(find(caller, taskId));
    }

    @GetMapping
    TaskPage list(
            @RequestParam(required = false) String status,
            @RequestParam(name = "process_id", required = false) String processId,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String offset,
            @AuthenticationPrincipal TokenPrincipal caller) {
        FieldRules rules = new FieldRules();
        TaskStatus statusFilter =
                status == null ? null : TaskStatus.fromWireName(status).orElse(null);
        rules.check(
                status == null || statusFilter != null,
                "status",
                "status must be one of pending, approved, rejected, cancelled, expired");
        rules.check(processId == null || Ids.parse(processId).isPresent(), "process_id", "process_id must be a UUID");
        int pageSize = (int) rules.integer("limit", limit, ListParameters.DEFAULT_LIMIT, 1, ListParameters.MAX_LIMIT);
        int skip = (int) rules.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
        rules.throwIfAny();
        return queries.query(
                        new ListTasksQuery(
                                caller.orgId(),
                                statusFilter,
                                processId == null ? null : Ids.parse(processId).orElseThrow(),
                                pageSize,
                                skip),
                        ResponseTypes.instanceOf(TaskPage.class))
                .join();
    }

    @GetMapping("/{taskId}")
    TaskDetails get(@PathVariable String taskId, @AuthenticationPrincipal TokenPrincipal caller) {
        return find(caller, Ids.require("task_id", taskId));
    }

    /**
     * Answers once the task is no longer pending (200 with the task), or after {@code timeout} seconds (408 with
     * {@code timed_out: true}); a task that is already settled is answered at once.
     */
    @GetMapping("/{taskId}/wait")
    DeferredResult<ResponseEntity<?>> await(
            @PathVariable String taskId,
            @RequestParam(required = false) String timeout,
            @AuthenticationPrincipal TokenPrincipal caller) {
        String id = Ids.require("task_id", taskId);
        FieldRules rules = new FieldRules();
        long seconds = rules.integer("timeout", timeout, DEFAULT_WAIT_SECONDS, 1, MAX_WAIT_SECONDS);
        rules.throwIfAny();
        TaskDetails task = find(caller, id);
        // the servlet container's own limit comes after this service's, so it never answers first
        DeferredResult<ResponseEntity<?>> result =
                new DeferredResult<>(Duration.ofSeconds(seconds + 30).toMillis());
        if (task.status() != TaskStatus.PENDING) {
            result.setResult(ResponseEntity.ok(task));
            return result;
        }
        result.onTimeout(() -> result.setResult(timedOut(id, seconds)));
        waits.await(
                caller.orgId(),
                id,
                Duration.ofSeconds(seconds),
                settled -> result.setResult(settled ? ResponseEntity.ok(find(caller, id)) : timedOut(id, seconds)));
        return result;
    }

    @PostMapping(path = "/{taskId}/cancel")
    TaskDetails cancel(
            @PathVariable String taskId,
            @RequestBody(required = false) CancelTaskRequest request,
            @AuthenticationPrincipal TokenPrincipal caller) {
        String id = Ids.require("task_id", taskId);
        String reason = null;
        if (request != null) {
            request.validate();
            reason = request.reason();
        }
        TaskDetails task = find(caller, id);
        send(new CancelTaskCommand(task.processId(), caller.orgId(), id, reason, clock.instant()), caller);
        return find(caller, id);
    }

    @PostMapping(path = "/{taskId}/complete", consumes = MediaType.APPLICATION_JSON_VALUE)
    TaskDetails complete(
            @PathVariable String taskId,
            @RequestBody CompleteTaskRequest request,
            @AuthenticationPrincipal TokenPrincipal caller) {
        String id = Ids.require("task_id", taskId);
        var decision = request.validate();
        TaskDetails task = find(caller, id);
        send(
                new CompleteTaskCommand(
                        task.processId(),
                        caller.orgId(),
                        id,
                        decision,
                        request.comment(),
                        caller.tokenId().toString(),
                        clock.instant()),
                caller);
        return find(caller, id);
    }

    private TaskDetails find(TokenPrincipal caller, String taskId) {
        Optional<TaskDetails> task = queries.query(
                        new FindTaskQuery(caller.orgId(), taskId), ResponseTypes.optionalInstanceOf(TaskDetails.class))
                .join();
        return task.orElseThrow(() -> new NotFoundException("Task not found"));
    }

    private void send(Object command, TokenPrincipal caller) {
        commands.sendAndWait(CallerCommands.asCaller(command, caller));
    }

    private static ResponseEntity<ProblemDetail> timedOut(String taskId, long seconds) {
        ProblemDetail problem = Problems.of(
                HttpStatus.REQUEST_TIMEOUT,
                "timed-out",
                "Timed out",
                "task %s is still pending after %d s; wait again".formatted(taskId, seconds));
        problem.setProperty("timed_out", true);
        problem.setProperty("task_id", taskId);
        return ResponseEntity.status(HttpStatus.REQUEST_TIMEOUT)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
