package dev.processledger.process.web;

import static dev.processledger.http.ApiExceptionHandler.respond;

import dev.processledger.config.LostRace;
import dev.processledger.http.ApiExceptionHandler;
import dev.processledger.http.FieldIssue;
import dev.processledger.http.Problems;
import dev.processledger.process.api.ProcessRejectedException;
import java.util.List;
import java.util.Locale;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.AggregateStreamCreationException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The process feature's refusals as problems: the aggregate's reasons, and losing a race for a process. Ordered
 * before the API's general handler, whose catch-all would otherwise answer them as 500.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ProcessExceptionHandler {

    private final ApiExceptionHandler general;

    ProcessExceptionHandler(ApiExceptionHandler general) {
        this.general = general;
    }

    @ExceptionHandler(AggregateNotFoundException.class)
    ResponseEntity<ProblemDetail> processNotFound() {
        return respond(Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "Process not found"));
    }

    @ExceptionHandler(ProcessRejectedException.class)
    ResponseEntity<ProblemDetail> rejected(ProcessRejectedException e) {
        ProblemDetail problem = switch (e.reason()) {
            case NOT_FOUND -> Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "Process not found");
            case UNKNOWN_STEP -> Problems.invalid(List.of(new FieldIssue("step", e.getMessage())));
            case ILLEGAL_TRANSITION ->
                Problems.of(HttpStatus.CONFLICT, "illegal-transition", "Illegal transition", e.getMessage());
            case PROCESS_FINISHED ->
                Problems.of(HttpStatus.CONFLICT, "process-finished", "Process finished", e.getMessage());
            case HISTORY_FULL -> Problems.of(HttpStatus.CONFLICT, "history-full", "History full", e.getMessage());
            case ID_IN_USE ->
                Problems.of(HttpStatus.CONFLICT, "process-id-in-use", "Process id in use", e.getMessage());
            case TASK_NOT_FOUND -> Problems.of(HttpStatus.NOT_FOUND, "not-found", "Not found", "Task not found");
            case TASK_NOT_PENDING ->
                Problems.of(HttpStatus.CONFLICT, "task-not-pending", "Task not pending", e.getMessage());
            case TASK_ALREADY_PENDING ->
                Problems.of(HttpStatus.CONFLICT, "task-already-pending", "Task already pending", e.getMessage());
            case SAME_APPROVER ->
                Problems.of(HttpStatus.FORBIDDEN, "distinct-approver", "Distinct approver required", e.getMessage());
            case TOO_MANY_TASKS -> Problems.of(HttpStatus.CONFLICT, "too-many-tasks", "Too many tasks", e.getMessage());
        };
        if (e.reason() != ProcessRejectedException.Reason.NOT_FOUND
                && e.reason() != ProcessRejectedException.Reason.TASK_NOT_FOUND) {
            problem.setProperty("code", e.reason().name().toLowerCase(Locale.ROOT));
            problem.setProperty("process_id", e.processId());
            if (e.step() != null) {
                problem.setProperty("step", e.step());
            }
            if (e.currentStatus() != null) {
                problem.setProperty("current_status", e.currentStatus());
            }
        }
        return respond(problem);
    }

    /**
     * A command's failure as a distributed command bus (Axon Server) delivers it: a refusal or a lost race travels as
     * the details of a {@link CommandExecutionException} and is answered as locally; anything else is the general
     * handler's.
     */
    @ExceptionHandler(CommandExecutionException.class)
    ResponseEntity<ProblemDetail> remote(CommandExecutionException e) {
        if (LostRace.in(e)) {
            return concurrentUpdate();
        }
        return ProcessRejectedException.of(e).map(this::rejected).orElseGet(() -> general.unexpected(e));
    }

    /** Still losing the race for a process after every retry: the client may simply send the update again. */
    @ExceptionHandler({ConcurrencyException.class, AggregateStreamCreationException.class})
    ResponseEntity<ProblemDetail> concurrentUpdate() {
        return respond(Problems.of(
                HttpStatus.CONFLICT,
                "concurrent-update",
                "Concurrent update",
                "the process was changed by concurrent updates; send the update again"));
    }
}
