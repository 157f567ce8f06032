package dev.processledger.audit;

import dev.processledger.http.FieldRules;
import dev.processledger.http.NotFoundException;
import dev.processledger.http.ProblemException;
import dev.processledger.http.Problems;
import dev.processledger.platform.Ids;
import dev.processledger.security.TokenPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signed digests for auditors: the organization's latest digest, the key that verifies it, and the proof that
 * one event is in a digest. All can be checked offline with {@code docs/verify-export.py}.
 */
@RestController
class DigestController {

    static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

    private final AuditDigests digests;
    private final SigningKey key;

    DigestController(AuditDigests digests, SigningKey key) {
        this.digests = digests;
        this.key = key;
    }

    /** The latest digest, made now if the organization's newest settled events have none yet. */
    @GetMapping(path = "/api/v1/audit/digest", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> digest(@AuthenticationPrincipal TokenPrincipal caller) {
        return digests.publish(caller.orgId())
                .map(Digest::toJson)
                .orElseThrow(() -> new NotFoundException("No events to digest yet"));
    }

    @GetMapping(path = "/api/v1/audit/public-key", produces = "application/x-pem-file")
    ResponseEntity<String> publicKey() {
        return ResponseEntity.ok()
                .contentType(PEM)
                .header("X-Key-Id", key.keyId())
                .body(key.publicKeyPem());
    }

    @GetMapping(
            path = "/api/v1/processes/{processId}/events/{sequence}/proof",
            produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> proof(
            @PathVariable String processId,
            @PathVariable String sequence,
            @RequestParam(name = "digest_position", required = false) String digestPosition,
            @AuthenticationPrincipal TokenPrincipal caller) {
        String id = Ids.require("process_id", processId);
        FieldRules rules = new FieldRules();
        long eventSequence = rules.integer("sequence", sequence, 0, 0, Long.MAX_VALUE);
        long position = rules.integer("digest_position", digestPosition, -1, 1, Long.MAX_VALUE);
        rules.check(sequence != null, "sequence", "sequence is required").throwIfAny();
        Object proof = digests.proof(caller.orgId(), id, eventSequence, digestPosition == null ? null : position);
        if (proof instanceof AuditDigests.Proof found) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("process_id", found.processId());
            json.put("sequence", found.sequence());
            json.put("global_position", found.globalPosition());
            json.put("hash", found.hash());
            json.put("leaf_index", found.leafIndex());
            json.put("path", found.path());
            json.put("digest", found.digest().toJson());
            return json;
        }
        throw switch ((AuditDigests.NoProof) proof) {
            case NO_SUCH_EVENT -> new NotFoundException("Event not found");
            case NO_SUCH_DIGEST -> new NotFoundException("No digest at that position");
            case NOT_YET_DIGESTED ->
                new ProblemException(Problems.of(
                        HttpStatus.CONFLICT,
                        "not-yet-digested",
                        "Not yet digested",
                        "the event is newer than the latest digest; a digest covers events once they "
                                + "are a few seconds old"));
            case LEDGER_CHANGED ->
                new ProblemException(Problems.of(
                        HttpStatus.CONFLICT,
                        "ledger-changed",
                        "Ledger changed",
                        "the stored events no longer make this digest's tree: events it covers were "
                                + "changed, removed or moved"));
        };
    }
}
