package dev.processledger.process.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.processledger.http.InvalidRequestException;
import dev.processledger.http.NotFoundException;
import dev.processledger.http.Problems;
import dev.processledger.idempotency.IdempotencyKeys;
import dev.processledger.process.query.ProcessViewRebuilder;
import dev.processledger.security.TokenPrincipal;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Admins rebuild their organization's read model from the event store and follow its progress. */
@RestController
@RequestMapping("/api/v1/projections")
class ProjectionController {

    private final ProcessViewRebuilder rebuilder;
    private final IdempotencyKeys idempotency;

    ProjectionController(ProcessViewRebuilder rebuilder, IdempotencyKeys idempotency) {
        this.rebuilder = rebuilder;
        this.idempotency = idempotency;
    }

    record ProjectionList(List<ProcessViewRebuilder.Progress> projections) {}

    @GetMapping
    ProjectionList list(@AuthenticationPrincipal TokenPrincipal caller) {
        return new ProjectionList(List.of(current(caller)));
    }

    @GetMapping("/{name}")
    ProcessViewRebuilder.Progress get(@PathVariable String name, @AuthenticationPrincipal TokenPrincipal caller) {
        known(name);
        return current(caller);
    }

    /** Takes no body; an empty JSON object, which many clients send with every POST, is fine too. */
    @PostMapping("/{name}/rebuild")
    ResponseEntity<?> rebuild(
            @PathVariable String name,
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey,
            @RequestBody(required = false) JsonNode body) {
        if (body != null && !(body.isObject() && body.isEmpty())) {
            throw new InvalidRequestException("body", "a rebuild takes no body, or an empty JSON object");
        }
        known(name);
        return idempotency.once(
                caller.orgId(),
                idempotencyKey,
                "POST /projections/" + name + "/rebuild",
                name,
                () -> IdempotencyKeys.Outcome.of(rebuilder
                        .start(caller.orgId())
                        .<ResponseEntity<?>>map(progress ->
                                ResponseEntity.status(HttpStatus.ACCEPTED).body(progress))
                        .orElseGet(() -> {
                            ProblemDetail problem = Problems.of(
                                    HttpStatus.CONFLICT,
                                    "rebuild-running",
                                    "Rebuild running",
                                    "a rebuild of " + name + " is already running");
                            return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
                        })));
    }

    private ProcessViewRebuilder.Progress current(TokenPrincipal caller) {
        return rebuilder
                .progress(caller.orgId())
                .orElse(new ProcessViewRebuilder.Progress(ProcessViewRebuilder.NAME, "idle", 0, 0, null, null));
    }

    private static void known(String name) {
        if (!ProcessViewRebuilder.NAME.equals(name)) {
            throw new NotFoundException("Projection not found");
        }
    }
}
