package dev.processledger.process.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.http.NotFoundException;
import dev.processledger.idempotency.IdempotencyKeys;
import dev.processledger.platform.Ids;
import dev.processledger.process.api.CreateProcessCommand;
import dev.processledger.process.api.FindProcessQuery;
import dev.processledger.process.api.ListProcessesQuery;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.ProcessPage;
import dev.processledger.process.api.ProcessUpdateCommand;
import dev.processledger.process.command.ProcessLimits;
import dev.processledger.security.TokenPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The processes API: create, update, get, list. Writes are Axon commands, reads are Axon queries. */
@RestController
@RequestMapping("/api/v1/processes")
class ProcessController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final ObjectMapper json;
    private final IdempotencyKeys idempotency;
    private final ProcessLimits processLimits;

    ProcessController(
            CommandGateway commands,
            QueryGateway queries,
            Clock clock,
            ObjectMapper json,
            IdempotencyKeys idempotency,
            ProcessLimits processLimits) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.json = json;
        this.idempotency = idempotency;
        this.processLimits = processLimits;
    }

    record CreatedProcess(String processId, String namespace, String name, Instant startedAt) {}

    record UpdateAccepted(String processId, String updateType, Instant timestamp, long sequence) {}

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(
            @RequestBody CreateProcessRequest request,
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        ProcessDefinition definition = request.validate(caller.orgId(), processLimits);
        String processId = request.processId() != null
                ? Ids.parse(request.processId()).orElseThrow()
                : UUID.randomUUID().toString();
        CreateProcessCommand command = new CreateProcessCommand(processId, caller.orgId(), definition, clock.instant());
        return send(command, caller, idempotencyKey, "POST /processes", request);
    }

    @PostMapping(path = "/{processId}/update", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> update(
            @PathVariable String processId,
            @RequestBody JsonNode body,
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        String id = Ids.require("process_id", processId);
        UpdateRequest request = UpdateRequest.read(body, json);
        ProcessUpdateCommand command = request.toCommand(id, caller.orgId(), clock.instant(), json);
        return send(command, caller, idempotencyKey, "POST /processes/" + id + "/update", request);
    }

    /**
     * Dispatches the command as the caller. With an Idempotency-Key, a repeat of a completed request gets its
     * stored response and dispatches nothing; the response of a new one is stored with its events.
     */
    private ResponseEntity<?> send(
            Object command, TokenPrincipal caller, String idempotencyKey, String target, Object request) {
        CommandMessage<?> message = CallerCommands.asCaller(command, caller);
        if (idempotencyKey == null) {
            return respond(command, commands.sendAndWait(message));
        }
        IdempotencyKeys.Claimed claimed =
                idempotency.claim(caller.orgId(), idempotencyKey, idempotency.fingerprint(target, request));
        if (claimed.replay() != null) {
            return claimed.replay().toResponse();
        }
        try {
            return respond(
                    command,
                    commands.sendAndWait(message.andMetaData(claimed.claim().asMetaData())));
        } catch (RuntimeException failed) {
            idempotency.release(claimed.claim());
            throw failed;
        }
    }

    private static ResponseEntity<?> respond(Object command, Object result) {
        return ResponseEntity.status(IdempotentResponses.statusOf(command))
                .body(IdempotentResponses.responseOf(command, result));
    }

    @GetMapping("/{processId}")
    ProcessDetails get(@PathVariable String processId, @AuthenticationPrincipal TokenPrincipal caller) {
        String id = Ids.require("process_id", processId);
        Optional<ProcessDetails> details = queries.query(
                        new FindProcessQuery(caller.orgId(), id),
                        ResponseTypes.optionalInstanceOf(ProcessDetails.class))
                .join();
        return details.orElseThrow(ProcessController::processNotFound);
    }

    @GetMapping
    ProcessPage list(
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String namespace,
            @RequestParam(required = false) String search,
            @RequestParam(required = false) String sort,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String offset,
            @AuthenticationPrincipal TokenPrincipal caller) {
        ListProcessesQuery query =
                new ListParameters(status, namespace, search, sort, limit, offset).toQuery(caller.orgId());
        return queries.query(query, ResponseTypes.instanceOf(ProcessPage.class)).join();
    }

    private static NotFoundException processNotFound() {
        return new NotFoundException("Process not found");
    }
}
