package dev.processledger.audit;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.processledger.http.FieldRules;
import dev.processledger.http.NotFoundException;
import dev.processledger.platform.Ids;
import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.ProcessDirectory;
import dev.processledger.process.query.ProcessReplay;
import dev.processledger.security.TokenPrincipal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** A process's history for auditors: its events, its state at a past point, the verification of its chain. */
@RestController
@RequestMapping("/api/v1/processes/{processId}")
class AuditController {

    static final String NDJSON = "application/x-ndjson";
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

    private final AuditLog log;
    private final ProcessDirectory directory;
    private final ChainVerifier verifier;
    private final ProcessReplay replay;
    private final ExportSlots slots;

    AuditController(
            AuditLog log, ProcessDirectory directory, ChainVerifier verifier, ProcessReplay replay, ExportSlots slots) {
        this.log = log;
        this.directory = directory;
        this.verifier = verifier;
        this.replay = replay;
        this.slots = slots;
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record EventPage(List<Map<String, Object>> events, Long nextAfter) {}

    @GetMapping(path = "/events", produces = MediaType.APPLICATION_JSON_VALUE)
    EventPage events(
            @PathVariable String processId,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String limit,
            @AuthenticationPrincipal TokenPrincipal caller) {
        int pageSize = pageSize(limit);
        List<AuditedEvent> page = page(processId, after, pageSize, caller);
        Long nextAfter = page.size() == pageSize ? page.get(page.size() - 1).sequence() : null;
        return new EventPage(page.stream().map(e -> e.toJson(false)).toList(), nextAfter);
    }

    @GetMapping(path = "/events", produces = NDJSON)
    ResponseEntity<StreamingResponseBody> eventLines(
            @PathVariable String processId,
            @RequestParam(required = false) String after,
            @RequestParam(required = false) String limit,
            @AuthenticationPrincipal TokenPrincipal caller) {
        List<AuditedEvent> page = page(processId, after, pageSize(limit), caller);
        StreamingResponseBody body = out -> {
            for (AuditedEvent event : page) {
                out.write((event.toLine() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        };
        return slots.respond(caller.orgId(), body);
    }

    private List<AuditedEvent> page(String processId, String after, int pageSize, TokenPrincipal caller) {
        String id = ownedProcess(processId, caller);
        FieldRules rules = new FieldRules();
        long afterSequence = rules.integer("after", after, -1, 0, Long.MAX_VALUE);
        rules.throwIfAny();
        return log.processEvents(id, afterSequence, pageSize);
    }

    private static int pageSize(String limit) {
        FieldRules rules = new FieldRules();
        int pageSize = (int) rules.integer("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
        rules.throwIfAny();
        return pageSize;
    }

    @GetMapping("/state")
    ProcessDetails state(
            @PathVariable String processId,
            @RequestParam(required = false) String at,
            @RequestParam(required = false) String sequence,
            @AuthenticationPrincipal TokenPrincipal caller) {
        String id = ownedProcess(processId, caller);
        FieldRules rules = new FieldRules();
        rules.check(at == null ^ sequence == null, "at", "give exactly one of at (an ISO-8601 instant) and sequence");
        Instant instant = null;
        if (at != null) {
            try {
                instant = Instant.parse(at);
            } catch (DateTimeParseException e) {
                rules.fail("at", "at must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
            }
        }
        long upTo = rules.integer("sequence", sequence, Long.MAX_VALUE, 0, Long.MAX_VALUE);
        rules.throwIfAny();
        return replay.stateAt(id, upTo, instant)
                .orElseThrow(() -> new NotFoundException("Process did not exist at that instant"));
    }

    @GetMapping("/verify")
    Map<String, Object> verify(@PathVariable String processId, @AuthenticationPrincipal TokenPrincipal caller) {
        ChainVerifier.Verification result = verifier.verify(ownedProcess(processId, caller));
        return result.valid()
                ? Map.of("valid", true, "events", result.events(), "head_hash", result.headHash())
                : Map.of(
                        "valid",
                        false,
                        "events",
                        result.events(),
                        "broken_sequence",
                        result.brokenSequence(),
                        "reason",
                        result.reason());
    }

    private String ownedProcess(String processId, TokenPrincipal caller) {
        String id = Ids.require("process_id", processId);
        if (!directory.belongsTo(id, caller.orgId())) {
            throw new NotFoundException("Process not found");
        }
        return id;
    }
}
