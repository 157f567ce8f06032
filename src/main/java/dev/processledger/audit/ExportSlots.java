package dev.processledger.audit;

import dev.processledger.config.LedgerProperties;
import dev.processledger.http.ProblemException;
import dev.processledger.http.Problems;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * Places for streamed NDJSON responses (the export and {@code /events} as NDJSON), each of which holds a thread
 * while its client reads: at most {@code ledger.export.max-per-organization} per organization and
 * {@code ledger.export.max-concurrent} on the instance, so one organization's slow or stalled readers cannot
 * take the threads other organizations' exports need. A reader that takes no bytes for Tomcat's
 * {@code server.tomcat.connection-timeout} fails the write and frees its place.
 */
@Component
class ExportSlots {

    private static final long RETRY_AFTER_SECONDS = 5;

    private final int perOrganization;
    private final int total;
    private final Map<String, Integer> held = new ConcurrentHashMap<>();
    private int inUse;

    ExportSlots(LedgerProperties properties) {
        this.perOrganization = properties.export().maxPerOrganization();
        this.total = properties.export().maxConcurrent();
    }

    /**
     * The NDJSON response that writes {@code body} in a place of the organization's, freed when the body ends
     * however it ends; a 429 {@link ProblemException} with {@code Retry-After} when there is none.
     */
    ResponseEntity<StreamingResponseBody> respond(String orgId, StreamingResponseBody body) {
        Optional<Slot> slot = acquire(orgId);
        if (slot.isEmpty()) {
            throw new ProblemException(
                    Problems.of(
                            HttpStatus.TOO_MANY_REQUESTS,
                            "too-many-exports",
                            "Too many exports",
                            "at most %d streamed responses per organization and %d in all may be open at once; retry later"
                                    .formatted(perOrganization, total)),
                    RETRY_AFTER_SECONDS);
        }
        StreamingResponseBody released = out -> {
            try (Slot held = slot.get()) {
                body.writeTo(out);
            }
        };
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(AuditController.NDJSON))
                .body(released);
    }

    /** A place held until closed; empty when the organization or the instance has none free. */
    synchronized Optional<Slot> acquire(String orgId) {
        int mine = held.getOrDefault(orgId, 0);
        if (mine >= perOrganization || inUse >= total) {
            return Optional.empty();
        }
        held.put(orgId, mine + 1);
        inUse++;
        return Optional.of(new Slot(orgId));
    }

    private synchronized void release(String orgId) {
        held.computeIfPresent(orgId, (org, count) -> count == 1 ? null : count - 1);
        inUse--;
    }

    /** One held place; closing it more than once frees it once. */
    final class Slot implements AutoCloseable {

        private final String orgId;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Slot(String orgId) {
            this.orgId = orgId;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                release(orgId);
            }
        }
    }
}
