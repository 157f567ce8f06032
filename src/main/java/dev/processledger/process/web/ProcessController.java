package dev.processledger.process.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.process.api.Actor;
import dev.processledger.process.api.CreateProcessCommand;
import dev.processledger.process.api.FindProcessQuery;
import dev.processledger.process.api.ListProcessesQuery;
import dev.processledger.process.api.ProcessDefinition;
import dev.processledger.process.api.ProcessDetails;
import dev.processledger.process.api.ProcessPage;
import dev.processledger.process.api.ProcessUpdateCommand;
import dev.processledger.security.TokenPrincipal;
import dev.processledger.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The processes API: create, update, get, list. Writes are Axon commands, reads are Axon queries. */
@RestController
@RequestMapping("/api/v1/processes")
@Tag(name = "processes")
class ProcessController {

    private final CommandGateway commands;
    private final QueryGateway queries;
    private final Clock clock;
    private final ObjectMapper json;

    ProcessController(CommandGateway commands, QueryGateway queries, Clock clock, ObjectMapper json) {
        this.commands = commands;
        this.queries = queries;
        this.clock = clock;
        this.json = json;
    }

    record CreatedProcess(String processId, String namespace, String name, Instant startedAt) {
    }

    record UpdateAccepted(String processId, String updateType, Instant timestamp, long sequence) {
    }

    @Operation(summary = "Create a process; repeating an identical request with its process_id is a safe retry")
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    CreatedProcess create(@RequestBody CreateProcessRequest request, @AuthenticationPrincipal TokenPrincipal caller) {
        ProcessDefinition definition = request.validate(caller.orgId());
        String processId = request.processId() != null
                ? ProcessIds.parse(request.processId()).orElseThrow()
                : UUID.randomUUID().toString();
        Instant startedAt = commands.sendAndWait(withActor(
                new CreateProcessCommand(processId, caller.orgId(), definition, clock.instant()), caller));
        return new CreatedProcess(processId, definition.namespace(), definition.name(), startedAt);
    }

    @Operation(summary = "Push one update; the response's sequence is that of the last event it appended")
    @PostMapping(path = "/{processId}/update", consumes = MediaType.APPLICATION_JSON_VALUE)
    UpdateAccepted update(@PathVariable String processId, @RequestBody UpdateRequest request,
                          @AuthenticationPrincipal TokenPrincipal caller) {
        String id = ProcessIds.parse(processId).orElseThrow(ProcessController::processNotFound);
        ProcessUpdateCommand command = request.toCommand(id, caller.orgId(), clock.instant(), json);
        Long sequence = commands.sendAndWait(withActor(command, caller));
        return new UpdateAccepted(id, command.type().wireName(), command.at(), sequence);
    }

    @Operation(summary = "One process with its step definitions and timeline")
    @GetMapping("/{processId}")
    ProcessDetails get(@PathVariable String processId, @AuthenticationPrincipal TokenPrincipal caller) {
        String id = ProcessIds.parse(processId).orElseThrow(ProcessController::processNotFound);
        Optional<ProcessDetails> details = queries.query(new FindProcessQuery(caller.orgId(), id),
                ResponseTypes.optionalInstanceOf(ProcessDetails.class)).join();
        return details.orElseThrow(ProcessController::processNotFound);
    }

    @Operation(summary = "A page of the organisation's processes")
    @GetMapping
    ProcessPage list(@RequestParam(required = false) String status, @RequestParam(required = false) String namespace,
                     @RequestParam(required = false) String search, @RequestParam(required = false) String sort,
                     @RequestParam(required = false) String limit, @RequestParam(required = false) String offset,
                     @AuthenticationPrincipal TokenPrincipal caller) {
        ListProcessesQuery query = new ListParameters(status, namespace, search, sort, limit, offset)
                .toQuery(caller.orgId());
        return queries.query(query, ResponseTypes.instanceOf(ProcessPage.class)).join();
    }

    /** The calling token becomes the actor of every event the command appends. */
    private static CommandMessage<?> withActor(Object command, TokenPrincipal caller) {
        return GenericCommandMessage.asCommandMessage(command)
                .andMetaData(new Actor(caller.tokenId().toString(), caller.name()).toMetaData());
    }

    private static NotFoundException processNotFound() {
        return new NotFoundException("Process not found");
    }
}
