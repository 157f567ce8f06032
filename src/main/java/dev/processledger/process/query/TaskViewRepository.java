package dev.processledger.process.query;

import dev.processledger.platform.DbTime;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.TaskDecision;
import dev.processledger.process.api.TaskStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stores {@link TaskRow}s in {@code task_view}, one row per task. */
@Repository
class TaskViewRepository {

    private static final String COLUMNS = """
            task_id, org_id, process_id, step_key, title, instructions, assignee, status, distinct_approver,
            created_at, expires_at, created_by_id, created_by_name, completed_at, completed_by_id, completed_by_name,
            decision, comment""";

    private final JdbcTemplate jdbc;

    TaskViewRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TaskRow task) {
        jdbc.update(
                "INSERT INTO task_view (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                UUID.fromString(task.taskId()),
                task.orgId(),
                UUID.fromString(task.processId()),
                task.step(),
                task.title(),
                task.instructions(),
                task.assignee(),
                task.status().wireName(),
                task.distinctApprover(),
                DbTime.toDb(task.createdAt()),
                DbTime.toDb(task.expiresAt()),
                idOf(task.createdBy()),
                nameOf(task.createdBy()),
                DbTime.toDb(task.completedAt()),
                idOf(task.completedBy()),
                nameOf(task.completedBy()),
                task.decision() == null ? null : task.decision().wireName(),
                task.comment());
    }

    /** Writes what a decision or cancellation changes. */
    void update(TaskRow task) {
        jdbc.update(
                """
                UPDATE task_view SET status = ?, completed_at = ?, completed_by_id = ?, completed_by_name = ?,
                    decision = ?, comment = ?
                WHERE task_id = ?""",
                task.status().wireName(),
                DbTime.toDb(task.completedAt()),
                idOf(task.completedBy()),
                nameOf(task.completedBy()),
                task.decision() == null ? null : task.decision().wireName(),
                task.comment(),
                UUID.fromString(task.taskId()));
    }

    /** Replaces every task row of a process with these (a rebuild from its events). */
    void replaceAll(String processId, Collection<TaskRow> tasks) {
        jdbc.update("DELETE FROM task_view WHERE process_id = ?", UUID.fromString(processId));
        tasks.forEach(this::insert);
    }

    Optional<TaskRow> load(String taskId) {
        return jdbc
                .query("SELECT " + COLUMNS + " FROM task_view WHERE task_id = ?", TaskViewRepository::row, id(taskId))
                .stream()
                .findFirst();
    }

    /** A page of an organization's tasks, newest first, and how many match in all. */
    record Page(List<TaskRow> tasks, long total) {}

    Page list(String orgId, TaskStatus status, String processId, int limit, int offset, Instant now) {
        StringBuilder where = new StringBuilder(" WHERE org_id = ?");
        List<Object> args = new ArrayList<>(List.of(orgId));
        if (processId != null) {
            where.append(" AND process_id = ?");
            args.add(UUID.fromString(processId));
        }
        if (status == TaskStatus.PENDING) {
            where.append(" AND status = 'pending' AND (expires_at IS NULL OR expires_at > ?)");
            args.add(DbTime.toDb(now));
        } else if (status == TaskStatus.EXPIRED) {
            where.append(" AND status = 'pending' AND expires_at <= ?");
            args.add(DbTime.toDb(now));
        } else if (status != null) {
            where.append(" AND status = ?");
            args.add(status.wireName());
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM task_view" + where, Long.class, args.toArray());
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(limit);
        pageArgs.add(offset);
        List<TaskRow> tasks = jdbc.query(
                "SELECT " + COLUMNS + " FROM task_view" + where
                        + " ORDER BY created_at DESC, task_id DESC LIMIT ? OFFSET ?",
                TaskViewRepository::row,
                pageArgs.toArray());
        return new Page(tasks, total == null ? 0 : total);
    }

    /** Of these tasks, the ones that are no longer pending at {@code now} (decided, cancelled or expired). */
    List<String> settledAmong(Collection<String> taskIds, Instant now) {
        if (taskIds.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", Collections.nCopies(taskIds.size(), "?"));
        List<Object> args = new ArrayList<>();
        taskIds.forEach(id -> args.add(UUID.fromString(id)));
        args.add(DbTime.toDb(now));
        return jdbc.queryForList(
                "SELECT task_id FROM task_view WHERE task_id IN (" + marks + ")"
                        + " AND (status <> 'pending' OR expires_at <= ?)",
                String.class,
                args.toArray());
    }

    private static TaskRow row(ResultSet rs, int n) throws SQLException {
        String decision = rs.getString("decision");
        return new TaskRow(
                rs.getString("task_id"),
                rs.getString("org_id"),
                rs.getString("process_id"),
                rs.getString("step_key"),
                rs.getString("title"),
                rs.getString("instructions"),
                rs.getString("assignee"),
                TaskStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getBoolean("distinct_approver"),
                DbTime.fromDb(rs, "created_at"),
                DbTime.fromDb(rs, "expires_at"),
                actor(rs.getString("created_by_id"), rs.getString("created_by_name")),
                DbTime.fromDb(rs, "completed_at"),
                actor(rs.getString("completed_by_id"), rs.getString("completed_by_name")),
                decision == null ? null : TaskDecision.valueOf(decision.toUpperCase(Locale.ROOT)),
                rs.getString("comment"));
    }

    private static UUID id(String taskId) {
        return UUID.fromString(taskId);
    }

    private static Actor actor(String id, String name) {
        return id == null ? null : new Actor(id, name);
    }

    private static String idOf(Actor actor) {
        return actor == null ? null : actor.tokenId();
    }

    private static String nameOf(Actor actor) {
        return actor == null ? null : actor.tokenName();
    }
}
