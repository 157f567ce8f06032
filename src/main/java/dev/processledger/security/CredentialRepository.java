package dev.processledger.security;

import dev.processledger.platform.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Organizations and tokens in the {@code organization} and {@code api_token} tables. */
@Repository
public class CredentialRepository {

    private static final String TOKEN_COLUMNS =
            "token_id, org_id, name, scopes, prefix, created_at, expires_at, revoked_at, last_used_at";

    /** Neither revoked nor expired at the instant given as its one parameter. */
    private static final String WORKING = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)";

    private final JdbcTemplate jdbc;

    public CredentialRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean anyOrganization() {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT COUNT(*) > 0 FROM organization", Boolean.class));
    }

    /** Every organization id, in order. */
    public List<String> organizationIds() {
        return jdbc.queryForList("SELECT org_id FROM organization ORDER BY org_id", String.class);
    }

    public void insertOrganization(String orgId, String name, Instant createdAt) {
        jdbc.update(
                "INSERT INTO organization (org_id, name, created_at) VALUES (?, ?, ?)",
                orgId,
                name,
                DbTime.toDb(createdAt));
    }

    public void insertToken(ApiToken token, String tokenHash) {
        jdbc.update(
                "INSERT INTO api_token (" + TOKEN_COLUMNS + ", token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                token.tokenId(),
                token.orgId(),
                token.name(),
                joinScopes(token.scopes()),
                token.prefix(),
                DbTime.toDb(token.createdAt()),
                DbTime.toDb(token.expiresAt()),
                null,
                null,
                tokenHash);
    }

    public Optional<ApiToken> findByHash(String tokenHash) {
        return jdbc
                .query(
                        "SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE token_hash = ?",
                        (rs, n) -> token(rs),
                        tokenHash)
                .stream()
                .findFirst();
    }

    /** A page of the organization's tokens, oldest first. */
    public List<ApiToken> listTokens(String orgId, int limit, int offset) {
        return jdbc.query(
                "SELECT " + TOKEN_COLUMNS
                        + " FROM api_token WHERE org_id = ? ORDER BY created_at, token_id LIMIT ? OFFSET ?",
                (rs, n) -> token(rs),
                orgId,
                limit,
                offset);
    }

    public long countTokens(String orgId) {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM api_token WHERE org_id = ?", Long.class, orgId);
        return count == null ? 0 : count;
    }

    /** The organization's tokens that still work: neither revoked nor expired at {@code now}. */
    public List<ApiToken> activeTokens(String orgId, Instant now) {
        return jdbc.query(
                "SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE org_id = ? AND " + WORKING,
                (rs, n) -> token(rs),
                orgId,
                DbTime.toDb(now));
    }

    /** Every token that still works and holds the scope, in any organization. */
    public List<ApiToken> activeTokensWithScope(Scope scope, Instant now) {
        return jdbc
                .query(
                        "SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE " + WORKING + " AND scopes LIKE ?",
                        (rs, n) -> token(rs),
                        DbTime.toDb(now),
                        "%" + scope.value() + "%")
                .stream()
                .filter(token -> token.scopes().contains(scope))
                .toList();
    }

    public Optional<ApiToken> findToken(String orgId, UUID tokenId) {
        return jdbc
                .query(
                        "SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE org_id = ? AND token_id = ?",
                        (rs, n) -> token(rs),
                        orgId,
                        tokenId)
                .stream()
                .findFirst();
    }

    /**
     * Locks the organization's row until the transaction ends, so that checks over its tokens (the quota, the last
     * admin) and the change they guard happen one at a time. False when there is no such organization.
     */
    public boolean lockOrganization(String orgId) {
        return !jdbc.queryForList("SELECT org_id FROM organization WHERE org_id = ? FOR UPDATE", orgId)
                .isEmpty();
    }

    /** Revokes a token of the organization; false when it has no such token. Revoking twice keeps the first time. */
    public boolean revoke(String orgId, UUID tokenId, Instant at) {
        return jdbc.update(
                        "UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE org_id = ? AND token_id = ?",
                        DbTime.toDb(at),
                        orgId,
                        tokenId)
                == 1;
    }

    /** The stored tokens among these ids, revoked and expired ones included. */
    public List<ApiToken> findTokens(Collection<UUID> tokenIds) {
        if (tokenIds.isEmpty()) {
            return List.of();
        }
        String placeholders = String.join(", ", Collections.nCopies(tokenIds.size(), "?"));
        return jdbc.query(
                "SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE token_id IN (" + placeholders + ")",
                (rs, n) -> token(rs),
                tokenIds.toArray());
    }

    public void touch(UUID tokenId, Instant at) {
        jdbc.update("UPDATE api_token SET last_used_at = ? WHERE token_id = ?", DbTime.toDb(at), tokenId);
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(
                rs.getObject("token_id", UUID.class),
                rs.getString("org_id"),
                rs.getString("name"),
                splitScopes(rs.getString("scopes")),
                rs.getString("prefix"),
                DbTime.fromDb(rs, "created_at"),
                DbTime.fromDb(rs, "expires_at"),
                DbTime.fromDb(rs, "revoked_at"),
                DbTime.fromDb(rs, "last_used_at"));
    }

    private static String joinScopes(Set<Scope> scopes) {
        return scopes.stream().map(Scope::value).sorted().collect(Collectors.joining(" "));
    }

    private static Set<Scope> splitScopes(String value) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(value.split(" "))
                .map(Scope::fromValue)
                .flatMap(Optional::stream)
                .forEach(scopes::add);
        return scopes;
    }
}
