package dev.processledger.security;

import dev.processledger.config.DbTime;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** Organisations and tokens in the {@code organization} and {@code api_token} tables. */
@Repository
public class CredentialRepository {

    private static final String TOKEN_COLUMNS =
            "token_id, org_id, name, scopes, prefix, created_at, expires_at, revoked_at, last_used_at";

    private final JdbcTemplate jdbc;

    public CredentialRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean anyOrganization() {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT COUNT(*) > 0 FROM organization", Boolean.class));
    }

    public void insertOrganization(String orgId, String name, Instant createdAt) {
        jdbc.update("INSERT INTO organization (org_id, name, created_at) VALUES (?, ?, ?)",
                orgId, name, DbTime.toDb(createdAt));
    }

    public void insertToken(ApiToken token, String tokenHash) {
        jdbc.update("INSERT INTO api_token (" + TOKEN_COLUMNS + ", token_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                token.tokenId(), token.orgId(), token.name(), joinScopes(token.scopes()), token.prefix(),
                DbTime.toDb(token.createdAt()), DbTime.toDb(token.expiresAt()), null, null, tokenHash);
    }

    public Optional<ApiToken> findByHash(String tokenHash) {
        return jdbc.query("SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE token_hash = ?",
                (rs, n) -> token(rs), tokenHash).stream().findFirst();
    }

    public List<ApiToken> listTokens(String orgId) {
        return jdbc.query("SELECT " + TOKEN_COLUMNS + " FROM api_token WHERE org_id = ? ORDER BY created_at, token_id",
                (rs, n) -> token(rs), orgId);
    }

    /** Revokes a token of the organisation; false when it has no such token. Revoking twice keeps the first time. */
    public boolean revoke(String orgId, UUID tokenId, Instant at) {
        return jdbc.update("UPDATE api_token SET revoked_at = COALESCE(revoked_at, ?) WHERE org_id = ? AND token_id = ?",
                DbTime.toDb(at), orgId, tokenId) == 1;
    }

    public void touch(UUID tokenId, Instant at) {
        jdbc.update("UPDATE api_token SET last_used_at = ? WHERE token_id = ?", DbTime.toDb(at), tokenId);
    }

    private static ApiToken token(ResultSet rs) throws SQLException {
        return new ApiToken(rs.getObject("token_id", UUID.class), rs.getString("org_id"), rs.getString("name"),
                splitScopes(rs.getString("scopes")), rs.getString("prefix"), DbTime.fromDb(rs, "created_at"),
                DbTime.fromDb(rs, "expires_at"), DbTime.fromDb(rs, "revoked_at"), DbTime.fromDb(rs, "last_used_at"));
    }

    private static String joinScopes(Set<Scope> scopes) {
        return scopes.stream().map(Scope::value).sorted().collect(Collectors.joining(" "));
    }

    private static Set<Scope> splitScopes(String value) {
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        Arrays.stream(value.split(" ")).map(Scope::fromValue).flatMap(Optional::stream).forEach(scopes::add);
        return scopes;
    }

}
