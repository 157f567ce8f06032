package dev.processledger.security;

import java.util.Set;
import java.util.UUID;

/** The authenticated caller: a token of one organization with its scopes. Carries no secret. */
public record TokenPrincipal(UUID tokenId, String name, String orgId, Set<Scope> scopes) {}
