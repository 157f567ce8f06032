package dev.processledger.process.query;

import dev.processledger.process.api.Actor;
import dev.processledger.process.api.TaskApprovedEvent;
import dev.processledger.process.api.TaskCancelledEvent;
import dev.processledger.process.api.TaskCreatedEvent;
import dev.processledger.process.api.TaskDecision;
import dev.processledger.process.api.TaskDetails;
import dev.processledger.process.api.TaskEvent;
import dev.processledger.process.api.TaskRejectedEvent;
import dev.processledger.process.api.TaskStatus;
import java.time.Instant;

/**
 * One approval task as {@code task_view} stores it, evolved by its events and their actors. The projection and a
 * rebuild fold events through the same {@link #evolve}. The stored status is never {@code expired}: that is
 * decided when it is read.
 */
record TaskRow(
        String taskId,
        String orgId,
        String processId,
        String step,
        String title,
        String instructions,
        String assignee,
        TaskStatus status,
        boolean distinctApprover,
        Instant createdAt,
        Instant expiresAt,
        Actor createdBy,
        Instant completedAt,
        Actor completedBy,
        TaskDecision decision,
        String comment) {

    /** The task after one more event; its first event must be its creation. */
    static TaskRow evolve(TaskRow current, TaskEvent event, String orgId, Actor actor) {
        if (event instanceof TaskCreatedEvent created) {
            return new TaskRow(
                    created.taskId(),
                    orgId,
                    created.processId(),
                    created.step(),
                    created.title(),
                    created.instructions(),
                    created.assignee(),
                    TaskStatus.PENDING,
                    created.distinctApprover(),
                    created.at(),
                    created.expiresAt(),
                    actor,
                    null,
                    null,
                    null,
                    null);
        }
        if (current == null) {
            throw new IllegalStateException("task " + event.taskId() + " has an event before its creation");
        }
        if (event instanceof TaskApprovedEvent approved) {
            return current.decided(TaskStatus.APPROVED, TaskDecision.APPROVE, approved.comment(), approved.at(), actor);
        }
        if (event instanceof TaskRejectedEvent rejected) {
            return current.decided(TaskStatus.REJECTED, TaskDecision.REJECT, rejected.comment(), rejected.at(), actor);
        }
        TaskCancelledEvent cancelled = (TaskCancelledEvent) event;
        return current.decided(TaskStatus.CANCELLED, null, cancelled.reason(), cancelled.at(), actor);
    }

    private TaskRow decided(TaskStatus newStatus, TaskDecision madeDecision, String text, Instant at, Actor actor) {
        return new TaskRow(
                taskId,
                orgId,
                processId,
                step,
                title,
                instructions,
                assignee,
                newStatus,
                distinctApprover,
                createdAt,
                expiresAt,
                createdBy,
                at,
                actor,
                madeDecision,
                text);
    }

    /** The status as of {@code now}: a pending task past its expiry reads as expired. */
    TaskStatus statusAt(Instant now) {
        return TaskStatus.at(status, expiresAt, now);
    }

    TaskDetails toDetails(Instant now) {
        return new TaskDetails(
                taskId,
                processId,
                step,
                title,
                instructions,
                assignee,
                statusAt(now),
                distinctApprover,
                createdAt,
                expiresAt,
                createdBy,
                completedAt,
                completedBy,
                decision,
                comment);
    }
}
