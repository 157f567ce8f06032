package dev.processledger.process.query;

import dev.processledger.platform.DbTime;
import dev.processledger.process.api.FindProcessQuery;
import dev.processledger.process.api.ListProcessesQuery;
import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.ProcessDirectory;
import dev.processledger.process.api.ProcessPage;
import dev.processledger.process.api.ProcessStatus;
import dev.processledger.process.api.ProcessSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Answers process queries from the read model; every query is confined to the caller's organization. */
@Component
class ProcessViewQueries implements ProcessDirectory {

    private final JdbcTemplate jdbc;
    private final ProcessViewRepository views;

    ProcessViewQueries(JdbcTemplate jdbc, ProcessViewRepository views) {
        this.jdbc = jdbc;
        this.views = views;
    }

    @Override
    public boolean belongsTo(String processId, String orgId) {
        Integer count = jdbc.queryForObject(
                "SELECT COUNT(*) FROM process_view WHERE process_id = ? AND org_id = ?",
                Integer.class,
                UUID.fromString(processId),
                orgId);
        return count != null && count > 0;
    }

    @QueryHandler
    Optional<ProcessDetails> handle(FindProcessQuery query) {
        return views.load(query.processId())
                .filter(view -> view.orgId().equals(query.orgId()))
                .map(ProcessView::toDetails);
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
        List<ProcessSummary> processes = jdbc.query(
                """
                SELECT process_id, namespace, name, status, current_step, started_at, completed_at, step_count, task_ids
                FROM process_view""" + where + " ORDER BY started_at " + direction + ", process_id " + direction + " LIMIT ? OFFSET ?",
                (rs, n) -> new ProcessSummary(
                        rs.getString("process_id"),
                        rs.getString("namespace"),
                        rs.getString("name"),
                        processStatus(rs),
                        rs.getString("current_step"),
                        DbTime.fromDb(rs, "started_at"),
                        DbTime.fromDb(rs, "completed_at"),
                        rs.getInt("step_count"),
                        TaskIds.split(rs.getString("task_ids"))),
                pageArgs.toArray());
        return new ProcessPage(processes, total == null ? 0 : total, query.limit(), query.offset());
    }

    private static ProcessStatus processStatus(ResultSet rs) throws SQLException {
        return ProcessStatus.valueOf(rs.getString("status").toUpperCase(Locale.ROOT));
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
