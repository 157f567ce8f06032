package dev.processledger.process.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.platform.DbTime;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Stores {@link ProcessView}s in {@code process_view} (one row) and {@code process_step_view} (a row per step). */
@Repository
class ProcessViewRepository {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {};

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ProcessViewRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Reads the process and its steps in one statement, so a reader never sees half of an update. */
    Optional<ProcessView> load(String processId) {
        ProcessView[] view = new ProcessView[1];
        jdbc.query(
                """
                SELECT p.process_id, p.org_id, p.namespace, p.name, p.description, p.stale_after_seconds, p.status,
                    p.started_at, p.completed_at, p.updated_at, p.summary, p.error, p.version, p.task_ids,
                    s.step_key, s.step_index, s.label, s.human, s.status AS step_status, s.attempt,
                    s.started_sequence, s.started_at AS step_started_at, s.completed_at AS step_completed_at,
                    s.detail, s.error AS step_error, s.data_json, s.progress_message, s.progress_percent, s.task_id
                FROM process_view p JOIN process_step_view s ON s.process_id = p.process_id
                WHERE p.process_id = ? ORDER BY s.step_index""",
                rs -> {
                    if (view[0] == null) {
                        view[0] = processRow(rs);
                    }
                    view[0].restoreStep(stepRow(rs));
                },
                UUID.fromString(processId));
        return Optional.ofNullable(view[0]);
    }

    /**
     * Locks the process's row until the transaction ends, so the live projection and a rebuild never interleave
     * on one process. False when the process has no row.
     */
    boolean lock(String processId) {
        return !jdbc.queryForList(
                        "SELECT process_id FROM process_view WHERE process_id = ? FOR UPDATE",
                        UUID.fromString(processId))
                .isEmpty();
    }

    /**
     * Writes a whole view rebuilt from events: every row, whether or not the process or its steps had rows. The
     * process row is updated in place (others may be waiting for its lock); step rows are written anew.
     */
    void replace(ProcessView view, boolean exists) {
        if (exists) {
            jdbc.update("DELETE FROM process_step_view WHERE process_id = ?", UUID.fromString(view.processId()));
            insertSteps(view);
        } else {
            insert(view);
        }
        update(view);
    }

    /** Writes a view created from its first event: the process row and every step row. */
    void insert(ProcessView view) {
        jdbc.update("""
                INSERT INTO process_view (org_id, namespace, name, description, stale_after_seconds, step_count, status,
                    current_step, started_at, completed_at, updated_at, summary, error, version, task_ids, process_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", row(view, UUID.fromString(view.processId())));
        insertSteps(view);
    }

    /** The process row from org_id to task_ids, then its id: the order in which both statements name them. */
    private static Object[] row(ProcessView view, UUID processId) {
        return new Object[] {
            view.orgId(),
            view.namespace(),
            view.name(),
            view.description(),
            view.staleAfterSeconds(),
            view.steps().size(),
            view.status().wireName(),
            view.currentStep(),
            DbTime.toDb(view.startedAt()),
            DbTime.toDb(view.completedAt()),
            DbTime.toDb(view.updatedAt()),
            view.summary(),
            view.error(),
            view.version(),
            TaskIds.join(view.taskIds()),
            processId
        };
    }

    private void insertSteps(ProcessView view) {
        List<StepView> steps = view.steps();
        jdbc.batchUpdate("""
                INSERT INTO process_step_view (process_id, step_key, step_index, label, human, status, attempt)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", steps, steps.size(), (ps, step) -> {
            ps.setObject(1, UUID.fromString(view.processId()));
            ps.setString(2, step.key());
            ps.setInt(3, step.index());
            ps.setString(4, step.definition().label());
            ps.setBoolean(5, step.definition().human());
            ps.setString(6, step.status().wireName());
            ps.setInt(7, step.attempt());
        });
    }

    /**
     * Writes the whole process row and the rows of the steps that changed since the view was loaded (all of them
     * for a view built from events), definitions included, so a rebuild repairs every column.
     */
    void update(ProcessView view) {
        UUID id = UUID.fromString(view.processId());
        jdbc.update("""
                UPDATE process_view SET org_id = ?, namespace = ?, name = ?, description = ?, stale_after_seconds = ?,
                    step_count = ?, status = ?, current_step = ?, started_at = ?, completed_at = ?, updated_at = ?,
                    summary = ?, error = ?, version = ?, task_ids = ?
                WHERE process_id = ?""", row(view, id));
        for (StepView step : view.changedSteps()) {
            jdbc.update(
                    """
                    UPDATE process_step_view SET step_index = ?, label = ?, human = ?, status = ?, attempt = ?,
                        started_sequence = ?, started_at = ?, completed_at = ?, duration_ms = ?, detail = ?, error = ?,
                        data_json = ?, progress_message = ?, progress_percent = ?, task_id = ?
                    WHERE process_id = ? AND step_key = ?""",
                    step.index(),
                    step.definition().label(),
                    step.definition().human(),
                    step.status().wireName(),
                    step.attempt(),
                    step.startedSequence() < 0 ? null : step.startedSequence(),
                    DbTime.toDb(step.startedAt()),
                    DbTime.toDb(step.completedAt()),
                    step.durationMs(),
                    step.detail(),
                    step.error(),
                    toJson(step.data()),
                    step.progressMessage(),
                    step.progressPercent(),
                    step.taskId(),
                    id,
                    step.key());
        }
    }

    private static ProcessView processRow(ResultSet rs) throws SQLException {
        long staleAfterValue = rs.getLong("stale_after_seconds");
        Long staleAfter = rs.wasNull() ? null : staleAfterValue;
        ProcessView view = new ProcessView(
                rs.getString("process_id"),
                rs.getString("org_id"),
                rs.getString("namespace"),
                rs.getString("name"),
                rs.getString("description"),
                staleAfter,
                DbTime.fromDb(rs, "started_at"));
        view.restoreState(
                ProcessStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                DbTime.fromDb(rs, "completed_at"),
                DbTime.fromDb(rs, "updated_at"),
                rs.getString("summary"),
                rs.getString("error"),
                rs.getLong("version"));
        view.restoreTaskIds(TaskIds.split(rs.getString("task_ids")));
        return view;
    }

    private StepView stepRow(ResultSet rs) throws SQLException {
        StepView step = new StepView(
                new StepDefinition(rs.getString("step_key"), rs.getString("label"), rs.getBoolean("human")),
                rs.getInt("step_index"));
        long startedSequence = rs.getLong("started_sequence");
        if (rs.wasNull()) {
            startedSequence = -1;
        }
        int percent = rs.getInt("progress_percent");
        Integer progressPercent = rs.wasNull() ? null : percent;
        step.restore(
                StepStatus.valueOf(rs.getString("step_status").toUpperCase(Locale.ROOT)),
                rs.getInt("attempt"),
                startedSequence,
                DbTime.fromDb(rs, "step_started_at"),
                DbTime.fromDb(rs, "step_completed_at"),
                rs.getString("detail"),
                rs.getString("step_error"),
                fromJson(rs.getString("data_json")),
                rs.getString("progress_message"),
                progressPercent);
        step.task(rs.getString("task_id"));
        return step;
    }

    private String toJson(Map<String, Object> data) {
        try {
            return data == null ? null : json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("step data could not be written as JSON", e);
        }
    }

    private Map<String, Object> fromJson(String value) {
        try {
            return value == null ? null : json.readValue(value, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored step data is not JSON", e);
        }
    }
}
