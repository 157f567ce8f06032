package dev.processledger.live;

import dev.processledger.config.LedgerProperties;
import dev.processledger.http.NotFoundException;
import dev.processledger.http.Problems;
import dev.processledger.platform.Ids;
import dev.processledger.process.api.ProcessDirectory;
import dev.processledger.security.TokenPrincipal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /stream}: Server-Sent Events of every change in the caller's organization. Each message's id is
 * the global position of its event; a client reconnecting with {@code Last-Event-ID} gets what it missed from
 * the organization's latest {@code ledger.stream.replay-limit} events, or a {@code reset} message first when
 * that id cannot be honoured.
 */
@RestController
class StreamController {

    static final int RETRY_AFTER_SECONDS = 5;

    private final LiveFeed feed;
    private final LiveHistory history;
    private final ProcessDirectory directory;
    private final LedgerProperties.Stream settings;

    StreamController(LiveFeed feed, LiveHistory history, ProcessDirectory directory, LedgerProperties properties) {
        this.feed = feed;
        this.history = history;
        this.directory = directory;
        this.settings = properties.stream();
    }

    @GetMapping(path = "/api/v1/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    ResponseEntity<?> stream(
            @RequestParam(name = "process_id", required = false) String processId,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @AuthenticationPrincipal TokenPrincipal caller) {
        String filter = processId == null ? null : ownedProcess(processId, caller.orgId());
        SseEmitter emitter = new SseEmitter(0L);
        LiveConnection connection = new LiveConnection(
                emitter,
                caller.orgId(),
                caller.tokenId(),
                filter,
                settings.bufferSize(),
                () -> catchup(caller.orgId(), lastEventId),
                feed::closed);
        Optional<LiveFeed.Refusal> refusal = feed.open(connection);
        if (refusal.isPresent()) {
            ProblemDetail problem = Problems.of(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "too-many-streams",
                    "Too many streams",
                    switch (refusal.get()) {
                        case PER_TOKEN ->
                            "this token holds %d open streams, the most it may"
                                    .formatted(settings.maxConnectionsPerToken());
                        case PER_ORGANIZATION ->
                            "the organization holds %d open streams on this instance, the most it may"
                                    .formatted(settings.maxConnectionsPerOrganization());
                        case PER_INSTANCE ->
                            "this instance holds %d open streams, the most it can".formatted(settings.maxConnections());
                    });
            return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                    .header("Retry-After", Integer.toString(RETRY_AFTER_SECONDS))
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(problem);
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_EVENT_STREAM).body(emitter);
    }

    private LiveConnection.Catchup catchup(String orgId, String lastEventId) {
        if (lastEventId == null) {
            return LiveConnection.Catchup.NONE;
        }
        OptionalLong oldest = history.oldestRetainedStart(orgId, settings.replayLimit());
        long resumeFrom = parse(lastEventId);
        if (resumeFrom >= 0
                && history.known(orgId, resumeFrom)
                && (oldest.isEmpty() || resumeFrom >= oldest.getAsLong())) {
            return new LiveConnection.Catchup(null, null, history.after(orgId, resumeFrom, settings.replayLimit()));
        }
        long start = oldest.orElse(0);
        List<ProcessUpdate> retained = history.after(orgId, start, settings.replayLimit());
        return new LiveConnection.Catchup(
                "Last-Event-ID %s is unknown or no longer retained; replaying from the oldest retained position"
                        .formatted(lastEventId.length() > 40 ? lastEventId.substring(0, 40) : lastEventId),
                start,
                retained);
    }

    private static long parse(String lastEventId) {
        try {
            return Long.parseLong(lastEventId.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private String ownedProcess(String processId, String orgId) {
        String id = Ids.require("process_id", processId);
        if (!directory.belongsTo(id, orgId)) {
            throw new NotFoundException("Process not found");
        }
        return id;
    }
}
