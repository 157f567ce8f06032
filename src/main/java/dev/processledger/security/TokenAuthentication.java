package dev.processledger.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** A request authenticated by an {@code htk_} token; its authorities are the token's scopes. */
final class TokenAuthentication extends AbstractAuthenticationToken {

    private final TokenPrincipal principal;

    TokenAuthentication(TokenPrincipal principal) {
        super(principal.scopes().stream()
                .map(s -> new SimpleGrantedAuthority(s.value()))
                .toList());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public TokenPrincipal getPrincipal() {
        return principal;
    }

    @Override
    public String getName() {
        return principal.tokenId().toString();
    }

    /** A bearer value presented by a client, not yet checked. */
    static final class Presented extends AbstractAuthenticationToken {

        private final String token;

        Presented(String token) {
            super(List.of());
            this.token = token;
        }

        @Override
        public Object getCredentials() {
            return token;
        }

        @Override
        public Object getPrincipal() {
            return null;
        }
    }
}
