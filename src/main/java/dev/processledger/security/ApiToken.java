package dev.processledger.security;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A stored token: its metadata and scopes, never its plaintext. */
public record ApiToken(
        UUID tokenId,
        String orgId,
        String name,
        Set<Scope> scopes,
        String prefix,
        Instant createdAt,
        Instant expiresAt,
        Instant revokedAt,
        Instant lastUsedAt) {

    public TokenPrincipal principal() {
        return new TokenPrincipal(tokenId, name, orgId, scopes);
    }
}
