package dev.processledger.process.query;

import static dev.processledger.config.AxonConfig.PROCESS_VIEW_GROUP;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.config.DbTime;
import dev.processledger.process.api.ProcessCompletedEvent;
import dev.processledger.process.api.ProcessCreatedEvent;
import dev.processledger.process.api.ProcessFailedEvent;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.StepCancelledEvent;
import dev.processledger.process.api.StepCompletedEvent;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepFailedEvent;
import dev.processledger.process.api.StepProgressedEvent;
import dev.processledger.process.api.StepSkippedEvent;
import dev.processledger.process.api.StepStartedEvent;
import dev.processledger.process.api.StepStatus;
import dev.processledger.process.api.StepTimedOutEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Builds {@code process_view} and {@code process_step_view} from process events. Each handler writes the step
 * it concerns, then {@link #touch} refreshes the process row's version, update time and current step.
 */
@Component
@ProcessingGroup(PROCESS_VIEW_GROUP)
class ProcessViewProjection {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ProcessViewProjection(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @EventHandler
    void on(ProcessCreatedEvent event, @SequenceNumber long sequence) {
        UUID id = UUID.fromString(event.processId());
        List<StepDefinition> steps = event.definition().steps();
        jdbc.update("""
                INSERT INTO process_view (process_id, org_id, namespace, name, description, status, current_step,
                    step_count, stale_after_seconds, started_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                id, event.orgId(), event.definition().namespace(), event.definition().name(),
                event.definition().description(), ProcessStatus.RUNNING.wireName(), steps.get(0).key(), steps.size(),
                event.definition().staleAfterSeconds(), DbTime.toDb(event.at()), DbTime.toDb(event.at()), sequence);
        jdbc.batchUpdate("""
                INSERT INTO process_step_view (process_id, step_key, step_index, label, human, status, attempt)
                VALUES (?, ?, ?, ?, ?, ?, 0)""",
                steps, steps.size(), (ps, step) -> {
                    ps.setObject(1, id);
                    ps.setString(2, step.key());
                    ps.setInt(3, steps.indexOf(step));
                    ps.setString(4, step.label());
                    ps.setBoolean(5, step.human());
                    ps.setString(6, StepStatus.PENDING.wireName());
                });
    }

    @EventHandler
    void on(StepStartedEvent event, @SequenceNumber long sequence) {
        jdbc.update("""
                UPDATE process_step_view SET status = ?, attempt = ?, started_sequence = ?, started_at = ?,
                    completed_at = NULL, duration_ms = NULL, detail = ?, error = NULL, data_json = NULL,
                    progress_message = NULL, progress_percent = NULL
                WHERE process_id = ? AND step_key = ?""",
                StepStatus.RUNNING.wireName(), event.attempt(), sequence, DbTime.toDb(event.at()), event.detail(),
                UUID.fromString(event.processId()), event.step());
        touch(event.processId(), event.at(), sequence);
    }

    /** A message or percent left out of a progress update keeps its previous value. */
    @EventHandler
    void on(StepProgressedEvent event, @SequenceNumber long sequence) {
        jdbc.update("""
                UPDATE process_step_view SET progress_message = COALESCE(?, progress_message),
                    progress_percent = COALESCE(?, progress_percent)
                WHERE process_id = ? AND step_key = ?""",
                event.message(), event.percent(), UUID.fromString(event.processId()), event.step());
        touch(event.processId(), event.at(), sequence);
    }

    @EventHandler
    void on(StepCompletedEvent event, @SequenceNumber long sequence) {
        finishStep(event.processId(), event.step(), StepStatus.COMPLETED, event.attempt(), event.at(), sequence);
        jdbc.update("UPDATE process_step_view SET detail = COALESCE(?, detail), data_json = ?"
                        + " WHERE process_id = ? AND step_key = ?",
                event.detail(), toJson(event.data()), UUID.fromString(event.processId()), event.step());
        touch(event.processId(), event.at(), sequence);
    }

    @EventHandler
    void on(StepFailedEvent event, @SequenceNumber long sequence) {
        finishStep(event.processId(), event.step(), StepStatus.FAILED, event.attempt(), event.at(), sequence);
        jdbc.update("UPDATE process_step_view SET error = ? WHERE process_id = ? AND step_key = ?",
                event.error(), UUID.fromString(event.processId()), event.step());
        touch(event.processId(), event.at(), sequence);
    }

    @EventHandler
    void on(StepTimedOutEvent event, @SequenceNumber long sequence) {
        finishStep(event.processId(), event.step(), StepStatus.TIMED_OUT, null, event.at(), sequence);
        touch(event.processId(), event.at(), sequence);
    }

    @EventHandler
    void on(StepCancelledEvent event, @SequenceNumber long sequence) {
        finishStep(event.processId(), event.step(), StepStatus.CANCELLED, null, event.at(), sequence);
        touch(event.processId(), event.at(), sequence);
    }

    @EventHandler
    void on(StepSkippedEvent event, @SequenceNumber long sequence) {
        jdbc.update("UPDATE process_step_view SET status = ? WHERE process_id = ? AND step_key = ?",
                StepStatus.SKIPPED.wireName(), UUID.fromString(event.processId()), event.step());
        touch(event.processId(), event.at(), sequence);
    }

    @EventHandler
    void on(ProcessCompletedEvent event, @SequenceNumber long sequence) {
        finishProcess(event.processId(), ProcessStatus.COMPLETED, event.summary(), null, event.at());
        touch(event.processId(), event.at(), sequence);
    }

    @EventHandler
    void on(ProcessFailedEvent event, @SequenceNumber long sequence) {
        finishProcess(event.processId(), ProcessStatus.FAILED, null, event.error(), event.at());
        touch(event.processId(), event.at(), sequence);
    }

    /**
     * Ends the step's current attempt. A step finished straight from {@code pending} (a non-null
     * {@code attempt} that differs from the stored one) started at the same instant, so its duration is zero.
     */
    private void finishStep(String processId, String step, StepStatus status, Integer attempt, Instant at,
                            long sequence) {
        UUID id = UUID.fromString(processId);
        Map<String, Object> row = jdbc.queryForMap(
                "SELECT attempt, started_at FROM process_step_view WHERE process_id = ? AND step_key = ?", id, step);
        boolean newAttempt = attempt != null && attempt != ((Number) row.get("attempt")).intValue();
        Instant startedAt = newAttempt || row.get("started_at") == null ? at : DbTime.fromDb(row.get("started_at"));
        jdbc.update("""
                UPDATE process_step_view SET status = ?, attempt = COALESCE(?, attempt), started_at = ?,
                    started_sequence = CASE WHEN ? THEN ? ELSE started_sequence END,
                    completed_at = ?, duration_ms = ?
                WHERE process_id = ? AND step_key = ?""",
                status.wireName(), attempt, DbTime.toDb(startedAt), newAttempt, sequence, DbTime.toDb(at),
                at.toEpochMilli() - startedAt.toEpochMilli(), id, step);
    }

    private void finishProcess(String processId, ProcessStatus status, String summary, String error, Instant at) {
        jdbc.update("UPDATE process_view SET status = ?, completed_at = ?, summary = ?, error = ?"
                        + " WHERE process_id = ?",
                status.wireName(), DbTime.toDb(at), summary, error, UUID.fromString(processId));
    }

    /**
     * current_step: the most recently started step still running, else the first pending step in definition
     * order; none once the process has finished.
     */
    private void touch(String processId, Instant at, long sequence) {
        jdbc.update("""
                UPDATE process_view SET updated_at = ?, version = ?, current_step = CASE WHEN status = 'running'
                    THEN COALESCE(
                        (SELECT s.step_key FROM process_step_view s WHERE s.process_id = process_view.process_id
                            AND s.status = 'running' ORDER BY s.started_sequence DESC LIMIT 1),
                        (SELECT s.step_key FROM process_step_view s WHERE s.process_id = process_view.process_id
                            AND s.status = 'pending' ORDER BY s.step_index LIMIT 1))
                    END
                WHERE process_id = ?""",
                DbTime.toDb(at), sequence, UUID.fromString(processId));
    }

    private String toJson(Map<String, Object> data) {
        if (data == null) {
            return null;
        }
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("step data could not be written as JSON", e);
        }
    }
}
