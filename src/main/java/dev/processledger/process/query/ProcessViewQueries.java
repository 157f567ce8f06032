package dev.processledger.process.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.config.DbTime;
import dev.processledger.process.api.FindProcessQuery;
import dev.processledger.process.api.ListProcessesQuery;
import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.ProcessPage;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.ProcessSummary;
import dev.processledger.process.api.StepDefinition;
import dev.processledger.process.api.StepStatus;
import dev.processledger.process.api.TimelineEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers process queries from the read model; every query is confined to the caller's organisation. */
@Component
class ProcessViewQueries {

    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() { };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    ProcessViewQueries(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @QueryHandler
    Optional<ProcessDetails> handle(FindProcessQuery query) {
        UUID id = UUID.fromString(query.processId());
        List<TimelineEntry> timeline = jdbc.query("""
                SELECT step_key, label, status, human, attempt, started_at, completed_at, duration_ms, detail, error,
                    data_json, progress_message, progress_percent
                FROM process_step_view WHERE process_id = ? ORDER BY step_index""",
                (rs, n) -> timelineEntry(rs), id);
        List<StepDefinition> stepDefs = timeline.stream()
                .map(t -> new StepDefinition(t.step(), t.label(), t.human())).toList();
        return jdbc.query("""
                SELECT process_id, namespace, name, description, status, current_step, started_at, completed_at,
                    summary, error, updated_at, version
                FROM process_view WHERE process_id = ? AND org_id = ?""",
                (rs, n) -> new ProcessDetails(rs.getString("process_id"), rs.getString("namespace"),
                        rs.getString("name"), rs.getString("description"), processStatus(rs),
                        rs.getString("current_step"), stepDefs, timeline, List.of(),
                        DbTime.fromDb(rs, "started_at"), DbTime.fromDb(rs, "completed_at"),
                        rs.getString("summary"), rs.getString("error"), DbTime.fromDb(rs, "updated_at"),
                        rs.getLong("version")),
                id, query.orgId()).stream().findFirst();
    }

    @QueryHandler
    ProcessPage handle(ListProcessesQuery query) {
        StringBuilder where = new StringBuilder(" WHERE org_id = ?");
        List<Object> args = new ArrayList<>(List.of(query.orgId()));
        if (query.status() != null) {
            where.append(" AND status = ?");
            args.add(query.status().wireName());
        }
        if (query.namespace() != null) {
            where.append(" AND namespace = ?");
            args.add(query.namespace());
        }
        if (query.search() != null) {
            where.append(" AND LOWER(name) LIKE ? ESCAPE '!'");
            args.add("%" + escapeLike(query.search().toLowerCase(Locale.ROOT)) + "%");
        }
        Long total = jdbc.queryForObject("SELECT COUNT(*) FROM process_view" + where, Long.class, args.toArray());
        String direction = query.newestFirst() ? "DESC" : "ASC";
        List<Object> pageArgs = new ArrayList<>(args);
        pageArgs.add(query.limit());
        pageArgs.add(query.offset());
        List<ProcessSummary> processes = jdbc.query("""
                SELECT process_id, namespace, name, status, current_step, started_at, completed_at, step_count
                FROM process_view""" + where + " ORDER BY started_at " + direction + ", process_id " + direction
                        + " LIMIT ? OFFSET ?",
                (rs, n) -> new ProcessSummary(rs.getString("process_id"), rs.getString("namespace"),
                        rs.getString("name"), processStatus(rs), rs.getString("current_step"),
                        DbTime.fromDb(rs, "started_at"), DbTime.fromDb(rs, "completed_at"),
                        rs.getInt("step_count"), List.of()),
                pageArgs.toArray());
        return new ProcessPage(processes, total == null ? 0 : total, query.limit(), query.offset());
    }

    private TimelineEntry timelineEntry(ResultSet rs) throws SQLException {
        long duration = rs.getLong("duration_ms");
        Long durationMs = rs.wasNull() ? null : duration;
        int percent = rs.getInt("progress_percent");
        Integer progressPercent = rs.wasNull() ? null : percent;
        return new TimelineEntry(rs.getString("step_key"), rs.getString("label"),
                StepStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)), rs.getBoolean("human"),
                rs.getInt("attempt"), DbTime.fromDb(rs, "started_at"),
                DbTime.fromDb(rs, "completed_at"), durationMs, rs.getString("detail"),
                rs.getString("error"), fromJson(rs.getString("data_json")), rs.getString("progress_message"),
                progressPercent, null);
    }

    private static ProcessStatus processStatus(ResultSet rs) throws SQLException {
        return ProcessStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT));
    }

    private Map<String, Object> fromJson(String value) {
        if (value == null) {
            return null;
        }
        try {
            return json.readValue(value, JSON_OBJECT);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored step data is not JSON", e);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
