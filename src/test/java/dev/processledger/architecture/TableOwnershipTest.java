package dev.processledger.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * One owner per table: SQL in the code names a table only inside the feature that owns it; other features use the
 * Java interface the owner publishes (a process directory, the event index). Every table the migrations create has
 * an owner here, so a new table must be given one.
 */
class TableOwnershipTest {

    private static final Path SOURCES = Path.of("src/main/java/dev/processledger");
    private static final Path MIGRATIONS = Path.of("src/main/resources/db/migration");

    /** Table → the feature package (under dev.processledger) that alone reads and writes it. */
    private static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("process_view", "process"),
            Map.entry("process_step_view", "process"),
            Map.entry("task_view", "process"),
            // the event store's tables: Axon appends; the audit feature indexes, checks and serves the history
            Map.entry("domain_event_entry", "audit"),
            Map.entry("snapshot_event_entry", "audit"),
            Map.entry("event_audit", "audit"),
            Map.entry("audit_digest", "audit"),
            Map.entry("audit_tree_chunk", "audit"),
            Map.entry("organization", "security"),
            Map.entry("api_token", "security"),
            Map.entry("idempotency_key", "idempotency"),
            Map.entry("analytics_process", "analytics"),
            Map.entry("analytics_process_bucket", "analytics"),
            Map.entry("analytics_step_bucket", "analytics"),
            Map.entry("analytics_series", "analytics"),
            // Axon's tracking tokens: the analytics processor is the only streaming one; reads its positions, clears
            // its claims to replay
            Map.entry("token_entry", "analytics"),
            // db-scheduler's; configured, never queried, by config
            Map.entry("scheduled_tasks", "config"));

    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"((?:[^\"\\\\\\n]|\\\\.)*)\"");
    private static final Pattern SQL = Pattern.compile("(?i)\\b(select|insert|update|delete|from|join|into|alter)\\b");
    private static final Pattern CREATE_TABLE =
            Pattern.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?(\\w+)");

    @Test
    void everyTableTheMigrationsCreateHasAnOwner() throws IOException {
        Set<String> created = new TreeSet<>();
        try (Stream<Path> files = Files.walk(MIGRATIONS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sql")).toList()) {
                Matcher table = CREATE_TABLE.matcher(Files.readString(file));
                while (table.find()) {
                    created.add(table.group(1).toLowerCase());
                }
            }
        }
        assertThat(created).as("tables the migrations create").isNotEmpty();
        assertThat(OWNERS.keySet()).as("tables with an owner").containsAll(created);
    }

    @Test
    void sqlNamesATableOnlyInsideItsOwner() throws IOException {
        List<String> trespasses = new ArrayList<>();
        int statements = 0;
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String feature = SOURCES.relativize(file).getName(0).toString();
                for (String literal : literals(Files.readString(file))) {
                    if (!SQL.matcher(literal).find()) {
                        continue;
                    }
                    statements++;
                    OWNERS.forEach((table, owner) -> {
                        if (Pattern.compile("(?i)\\b" + table + "\\b")
                                        .matcher(literal)
                                        .find()
                                && !owner.equals(feature)) {
                            trespasses.add(file + " names " + table + " (owned by " + owner + ")");
                        }
                    });
                }
            }
        }
        assertThat(statements)
                .as("SQL statements found; the scan must see them")
                .isGreaterThan(20);
        assertThat(trespasses).as("SQL outside a table's owner").isEmpty();
    }

    /** The string literals and text blocks of a source file. */
    static List<String> literals(String source) {
        List<String> literals = new ArrayList<>();
        Matcher block = TEXT_BLOCK.matcher(source);
        StringBuilder rest = new StringBuilder();
        while (block.find()) {
            literals.add(block.group(1));
            block.appendReplacement(rest, "");
        }
        block.appendTail(rest);
        Matcher string = STRING.matcher(rest);
        while (string.find()) {
            literals.add(string.group(1));
        }
        return literals;
    }
}
