package dev.processledger.security;

import dev.processledger.web.FieldRules;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Creates organisations; needs the {@code system} scope. */
@RestController
@RequestMapping("/api/v1/organizations")
@Tag(name = "organizations")
class OrganizationController {

    private final CredentialService service;

    OrganizationController(CredentialService service) {
        this.service = service;
    }

    record CreateOrganizationRequest(String name) {
    }

    record CreatedOrganization(String orgId, String name, String adminToken) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    CreatedOrganization create(@RequestBody CreateOrganizationRequest request) {
        new FieldRules().text("name", request.name(), 1, 200, null, null).throwIfAny();
        CredentialService.NewOrganization created = service.createOrganization(request.name());
        return new CreatedOrganization(created.orgId(), created.name(), created.adminToken().plaintext());
    }
}
