package dev.processledger.security;

import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates organisations and tokens; the plaintext of a new token leaves this class once, in its result. */
@Service
public class CredentialService {

    /** Scopes of the admin token that comes with a new organisation. */
    static final Set<Scope> ORGANIZATION_ADMIN_SCOPES = Set.of(Scope.ADMIN, Scope.PROCESSES_READ,
            Scope.PROCESSES_WRITE);

    private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

    private final CredentialRepository repository;
    private final Clock clock;

    public CredentialService(CredentialRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** A token just made: its stored form and the plaintext to hand out. */
    public record IssuedToken(ApiToken token, String plaintext) {
    }

    /** A new organisation and its first admin token. */
    public record NewOrganization(String orgId, String name, IssuedToken adminToken) {
    }

    public IssuedToken issueToken(String orgId, String name, Set<Scope> scopes, Instant expiresAt) {
        return issueToken(orgId, name, scopes, expiresAt, TokenSecrets.generate());
    }

    IssuedToken issueToken(String orgId, String name, Set<Scope> scopes, Instant expiresAt, String plaintext) {
        ApiToken token = new ApiToken(UUID.randomUUID(), orgId, name, Set.copyOf(scopes),
                TokenSecrets.prefix(plaintext), clock.instant(), expiresAt, null, null);
        repository.insertToken(token, TokenSecrets.hash(plaintext));
        log.info("Token {} '{}' created in organisation {} with scopes {}", token.tokenId(), name, orgId,
                scopes.stream().map(Scope::value).sorted().toList());
        return new IssuedToken(token, plaintext);
    }

    @Transactional
    public NewOrganization createOrganization(String name) {
        String orgId = "org-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        repository.insertOrganization(orgId, name, clock.instant());
        IssuedToken admin = issueToken(orgId, "admin", ORGANIZATION_ADMIN_SCOPES, null);
        return new NewOrganization(orgId, name, admin);
    }
}
