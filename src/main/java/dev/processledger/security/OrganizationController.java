package dev.processledger.security;

import dev.processledger.http.FieldRules;
import dev.processledger.idempotency.IdempotencyKeys;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Creates organizations; needs the {@code system} scope. */
@RestController
@RequestMapping("/api/v1/organizations")
class OrganizationController {

    private final CredentialService service;
    private final IdempotencyKeys idempotency;

    OrganizationController(CredentialService service, IdempotencyKeys idempotency) {
        this.service = service;
        this.idempotency = idempotency;
    }

    record CreateOrganizationRequest(String name) {}

    record CreatedOrganization(String orgId, String name, String adminToken) {}

    /** Creates an organization with an admin token; a retry with the same Idempotency-Key creates nothing. */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(
            @RequestBody CreateOrganizationRequest request,
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        new FieldRules().text("name", request.name(), 1, 200, null, null).throwIfAny();
        return idempotency.once(caller.orgId(), idempotencyKey, "POST /organizations", request, () -> {
            CredentialService.NewOrganization created = service.createOrganization(request.name());
            return IdempotencyKeys.Outcome.holdingSecret(
                    ResponseEntity.status(HttpStatus.CREATED)
                            .body(new CreatedOrganization(
                                    created.orgId(),
                                    created.name(),
                                    created.adminToken().plaintext())),
                    "org_id",
                    created.orgId(),
                    "organization " + created.orgId());
        });
    }
}
