package dev.processledger.security;

import dev.processledger.http.FieldRules;
import dev.processledger.http.NotFoundException;
import dev.processledger.idempotency.IdempotencyKeys;
import dev.processledger.platform.Ids;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Token management for an organization's admins: create, list, revoke. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    /** Later instants do not fit every database's timestamp type. */
    static final Instant LATEST_EXPIRY = Instant.parse("9999-12-31T00:00:00Z");

    static final int DEFAULT_PAGE = 50;
    static final int MAX_PAGE = 200;

    private final CredentialService service;
    private final CredentialRepository repository;
    private final Clock clock;
    private final IdempotencyKeys idempotency;

    TokenController(
            CredentialService service, CredentialRepository repository, Clock clock, IdempotencyKeys idempotency) {
        this.service = service;
        this.repository = repository;
        this.clock = clock;
        this.idempotency = idempotency;
    }

    record CreateTokenRequest(String name, List<String> scopes, Instant expiresAt) {}

    record CreatedToken(
            UUID tokenId, String name, List<Scope> scopes, String token, Instant createdAt, Instant expiresAt) {}

    record TokenView(
            UUID tokenId,
            String name,
            List<Scope> scopes,
            String prefix,
            Instant createdAt,
            Instant expiresAt,
            Instant revokedAt,
            Instant lastUsedAt) {}

    record TokenList(List<TokenView> tokens, long total, int limit, int offset) {}

    /**
     * Creates a token of the caller's organization. Only a {@code system} token can grant {@code system}. A retry
     * with the same Idempotency-Key creates nothing and is told which token the first request created: its secret
     * is shown once and never stored.
     */
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(
            @RequestBody CreateTokenRequest request,
            @AuthenticationPrincipal TokenPrincipal caller,
            @RequestHeader(name = IdempotencyKeys.HEADER, required = false) String idempotencyKey) {
        // checked after the key, so a retry gets its replay even once a short expires_at has passed
        return idempotency.once(caller.orgId(), idempotencyKey, "POST /tokens", request, () -> {
            CredentialService.IssuedToken issued = service.issueToken(
                    caller.orgId(), request.name(), validScopes(request, caller), request.expiresAt());
            ApiToken token = issued.token();
            CreatedToken created = new CreatedToken(
                    token.tokenId(),
                    token.name(),
                    sorted(token.scopes()),
                    issued.plaintext(),
                    token.createdAt(),
                    token.expiresAt());
            return IdempotencyKeys.Outcome.holdingSecret(
                    ResponseEntity.status(HttpStatus.CREATED).body(created),
                    "token_id",
                    token.tokenId(),
                    "token " + token.tokenId());
        });
    }

    /** The scopes of a valid request; a 400 naming every invalid field otherwise. */
    private Set<Scope> validScopes(CreateTokenRequest request, TokenPrincipal caller) {
        FieldRules rules = new FieldRules().text("name", request.name(), 1, 200, null, null);
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        if (request.scopes() == null || request.scopes().isEmpty()) {
            rules.fail("scopes", "scopes must have at least 1 item");
        } else {
            rules.check(
                    Set.copyOf(request.scopes().stream().map(String::valueOf).toList())
                                    .size()
                            == request.scopes().size(),
                    "scopes",
                    "scopes must not name a scope twice");
            for (String value : request.scopes()) {
                Optional<Scope> scope = Scope.fromValue(value);
                scope.ifPresentOrElse(scopes::add, () -> rules.fail("scopes", "unknown scope '%s'".formatted(value)));
                scope.filter(s -> s == Scope.SYSTEM && !caller.scopes().contains(Scope.SYSTEM))
                        .ifPresent(s ->
                                rules.fail("scopes", "scope 'system' can only be granted by a token that holds it"));
            }
        }
        rules.check(
                request.expiresAt() == null || request.expiresAt().isAfter(clock.instant()),
                "expires_at",
                "expires_at must be in the future");
        rules.check(
                request.expiresAt() == null || request.expiresAt().isBefore(LATEST_EXPIRY),
                "expires_at",
                "expires_at must be before " + LATEST_EXPIRY);
        rules.throwIfAny();
        return scopes;
    }

    /** A page of the organization's tokens, oldest first, paged like the process list. */
    @GetMapping
    TokenList list(
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String offset,
            @AuthenticationPrincipal TokenPrincipal caller) {
        FieldRules rules = new FieldRules();
        int pageSize = (int) rules.integer("limit", limit, DEFAULT_PAGE, 1, MAX_PAGE);
        int skip = (int) rules.integer("offset", offset, 0, 0, Integer.MAX_VALUE);
        rules.throwIfAny();
        List<TokenView> tokens = repository.listTokens(caller.orgId(), pageSize, skip).stream()
                .map(t -> new TokenView(
                        t.tokenId(),
                        t.name(),
                        sorted(t.scopes()),
                        t.prefix(),
                        t.createdAt(),
                        t.expiresAt(),
                        t.revokedAt(),
                        t.lastUsedAt()))
                .toList();
        return new TokenList(tokens, repository.countTokens(caller.orgId()), pageSize, skip);
    }

    @DeleteMapping("/{tokenId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String tokenId, @AuthenticationPrincipal TokenPrincipal caller) {
        UUID id = UUID.fromString(Ids.require("token_id", tokenId));
        if (!service.revoke(caller.orgId(), id)) {
            throw new NotFoundException("Token not found");
        }
    }

    private static List<Scope> sorted(Set<Scope> scopes) {
        return scopes.stream().sorted().toList();
    }
}
