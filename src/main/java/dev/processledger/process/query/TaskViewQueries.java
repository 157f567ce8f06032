package dev.processledger.process.query;

import dev.processledger.process.api.FindTaskQuery;
import dev.processledger.process.api.ListTasksQuery;
import dev.processledger.process.api.TaskDetails;
import dev.processledger.process.api.TaskPage;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.stereotype.Component;

/** Answers task queries from the read model; every query is confined to the caller's organization. */
@Component
public class TaskViewQueries {

    private final TaskViewRepository tasks;
    private final Clock clock;

    TaskViewQueries(TaskViewRepository tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    @QueryHandler
    Optional<TaskDetails> handle(FindTaskQuery query) {
        Instant now = clock.instant();
        return tasks.load(query.taskId())
                .filter(task -> task.orgId().equals(query.orgId()))
                .map(task -> task.toDetails(now));
    }

    @QueryHandler
    TaskPage handle(ListTasksQuery query) {
        Instant now = clock.instant();
        TaskViewRepository.Page page =
                tasks.list(query.orgId(), query.status(), query.processId(), query.limit(), query.offset(), now);
        List<TaskDetails> details =
                page.tasks().stream().map(task -> task.toDetails(now)).toList();
        return new TaskPage(details, page.total(), query.limit(), query.offset());
    }

    /** Of these tasks, the ones no longer pending now: decided, cancelled or expired. One statement for all. */
    public List<String> settledAmong(Collection<String> taskIds) {
        return tasks.settledAmong(taskIds, clock.instant());
    }
}
