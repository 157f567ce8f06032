package dev.processledger.security;

import dev.processledger.config.LedgerProperties;
import dev.processledger.http.ProblemException;
import dev.processledger.http.Problems;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Creates organizations and tokens; the plaintext of a new token leaves this class once, in its result. */
@Service
public class CredentialService implements TokenValidity {

    /** Scopes of the admin token that comes with a new organization. */
    static final Set<Scope> ORGANIZATION_ADMIN_SCOPES =
            Set.of(Scope.ADMIN, Scope.PROCESSES_READ, Scope.PROCESSES_WRITE);

    private static final Logger log = LoggerFactory.getLogger(CredentialService.class);

    private final CredentialRepository repository;
    private final Clock clock;
    private final long maxActiveTokens;

    public CredentialService(CredentialRepository repository, Clock clock, LedgerProperties properties) {
        this.repository = repository;
        this.clock = clock;
        this.maxActiveTokens = properties.maxTokensPerOrganization();
    }

    /** A token just made: its stored form and the plaintext to hand out. */
    public record IssuedToken(ApiToken token, String plaintext) {}

    /** A new organization and its first admin token. */
    public record NewOrganization(String orgId, String name, IssuedToken adminToken) {}

    /**
     * Issues a token for a client of the organization, within its quota of working tokens
     * ({@code ledger.max-tokens-per-organization}); past it, 409 {@code token_quota_exceeded}.
     */
    @Transactional
    public IssuedToken issueToken(String orgId, String name, Set<Scope> scopes, Instant expiresAt) {
        repository.lockOrganization(orgId);
        if (repository.activeTokens(orgId, clock.instant()).size() >= maxActiveTokens) {
            throw conflict(
                    "token-quota",
                    "Token quota exceeded",
                    "token_quota_exceeded",
                    "the organization holds %d working tokens, the most it may; revoke one first"
                            .formatted(maxActiveTokens));
        }
        return issueToken(orgId, name, scopes, expiresAt, TokenSecrets.generate());
    }

    /**
     * Revokes a token of the organization; false when it has none with that id. Refuses (409) to revoke the
     * organization's last working {@code admin} token or the last working {@code system} token, so nobody locks
     * themselves out; the {@code admin issue-token} command is the way back for a token that was lost.
     */
    @Transactional
    public boolean revoke(String orgId, UUID tokenId) {
        Instant now = clock.instant();
        repository.lockOrganization(orgId);
        Optional<ApiToken> token = repository.findToken(orgId, tokenId);
        if (token.isEmpty()) {
            return false;
        }
        boolean active = token.get().revokedAt() == null
                && (token.get().expiresAt() == null || token.get().expiresAt().isAfter(now));
        if (active
                && token.get().scopes().contains(Scope.ADMIN)
                && othersWith(repository.activeTokens(orgId, now), Scope.ADMIN, tokenId) == 0) {
            throw conflict(
                    "last-admin-token",
                    "Last admin token",
                    "last_admin_token",
                    "this is the organization's last working admin token; create another admin token first");
        }
        if (active
                && token.get().scopes().contains(Scope.SYSTEM)
                && othersWith(repository.activeTokensWithScope(Scope.SYSTEM, now), Scope.SYSTEM, tokenId) == 0) {
            throw conflict(
                    "last-system-token",
                    "Last system token",
                    "last_system_token",
                    "this is the last working system token; create another system token first");
        }
        return repository.revoke(orgId, tokenId, now);
    }

    @Override
    public Map<UUID, String> noLongerWorking(Collection<UUID> tokenIds) {
        Instant now = clock.instant();
        Map<UUID, String> gone = new HashMap<>();
        tokenIds.forEach(id -> gone.put(id, "Invalid token"));
        for (ApiToken token : repository.findTokens(tokenIds)) {
            if (token.revokedAt() != null) {
                gone.put(token.tokenId(), "Token revoked");
            } else if (token.expiresAt() != null && !now.isBefore(token.expiresAt())) {
                gone.put(token.tokenId(), "Token expired");
            } else {
                gone.remove(token.tokenId());
            }
        }
        return gone;
    }

    private static long othersWith(List<ApiToken> tokens, Scope scope, UUID except) {
        return tokens.stream()
                .filter(t -> !t.tokenId().equals(except) && t.scopes().contains(scope))
                .count();
    }

    private static ProblemException conflict(String slug, String title, String code, String detail) {
        ProblemDetail problem = Problems.of(HttpStatus.CONFLICT, slug, title, detail);
        problem.setProperty("code", code);
        return new ProblemException(problem);
    }

    IssuedToken issueToken(String orgId, String name, Set<Scope> scopes, Instant expiresAt, String plaintext) {
        ApiToken token = new ApiToken(
                UUID.randomUUID(),
                orgId,
                name,
                Set.copyOf(scopes),
                TokenSecrets.prefix(plaintext),
                clock.instant(),
                expiresAt,
                null,
                null);
        repository.insertToken(token, TokenSecrets.hash(plaintext));
        log.info(
                "Token {} '{}' created in organization {} with scopes {}",
                token.tokenId(),
                name,
                orgId,
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
