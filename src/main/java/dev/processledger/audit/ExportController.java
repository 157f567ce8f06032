package dev.processledger.audit;

import dev.processledger.config.StoreIntegrity;
import dev.processledger.http.FieldRules;
import dev.processledger.platform.Namespaces;
import dev.processledger.security.TokenPrincipal;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Every event of the caller's organization as NDJSON, in global order, streamed batch by batch so memory stays
 * constant however long the history. Each line is canonical JSON (docs/audit.md); a client resumes an
 * interrupted export with {@code after} set to the last line's {@code global_position}.
 */
@RestController
class ExportController {

    static final int BATCH = 500;
    /** Instants outside these do not fit every database's timestamp type. */
    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private final AuditLog log;
    private final ExportSlots slots;
    private final StoreIntegrity integrity;

    ExportController(AuditLog log, ExportSlots slots, StoreIntegrity integrity) {
        this.log = log;
        this.slots = slots;
        this.integrity = integrity;
    }

    @GetMapping(path = "/api/v1/audit/export", produces = AuditController.NDJSON)
    ResponseEntity<StreamingResponseBody> export(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String after,
            @AuthenticationPrincipal TokenPrincipal caller) {
        FieldRules rules = new FieldRules();
        Instant fromInstant = instant(rules, "from", from);
        Instant toInstant = instant(rules, "to", to);
        if (namespace != null) {
            rules.text(
                    "namespace",
                    Namespaces.shortForm(caller.orgId(), namespace),
                    1,
                    100,
                    Namespaces.SHORT_FORM,
                    Namespaces.SHORT_FORM_HINT);
        }
        long afterPosition = rules.integer("after", after, 0, 0, Long.MAX_VALUE);
        rules.throwIfAny();
        String fullNamespace = namespace == null ? null : Namespaces.qualified(caller.orgId(), namespace);
        AuditLog.ExportFilter filter = new AuditLog.ExportFilter(caller.orgId(), fullNamespace, fromInstant, toInstant);
        StreamingResponseBody body = out -> {
            Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            long position = afterPosition;
            try {
                for (List<AuditedEvent> batch = log.exportBatch(filter, position, BATCH);
                        !batch.isEmpty();
                        batch = log.exportBatch(filter, position, BATCH)) {
                    for (AuditedEvent event : batch) {
                        writer.write(event.toLine());
                        writer.write('\n');
                        position = event.globalPosition();
                    }
                    writer.flush();
                }
            } catch (RuntimeException unreadable) {
                // a row the store returns damaged, or cannot return at all
                writer.write(Jcs.write(endedEarly(unreadable, position)));
                writer.write('\n');
            }
            writer.flush();
        };
        return slots.respond(caller.orgId(), body);
    }

    /**
     * The last line of an export the store could not finish: the 200 and the lines before it are already sent,
     * so the failure is told in-band, with the position to resume from; the shipped verifier reports it.
     */
    private Map<String, Object> endedEarly(RuntimeException unreadable, long position) {
        boolean damaged = integrity.report(unreadable);
        return Map.of(
                "error",
                damaged
                        ? "the store could not read the next events; it reports damage"
                        : "the store could not read the next events",
                "after",
                position);
    }

    private static Instant instant(FieldRules rules, String field, String value) {
        if (value == null) {
            return null;
        }
        try {
            Instant instant = Instant.parse(value);
            if (instant.isBefore(EARLIEST) || instant.isAfter(LATEST)) {
                rules.fail(field, field + " must be between years 0001 and 9999");
                return null;
            }
            return instant;
        } catch (DateTimeParseException e) {
            rules.fail(field, field + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
            return null;
        }
    }
}
