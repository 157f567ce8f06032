package dev.processledger.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.CredentialsExpiredException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Component;

/**
 * Checks a presented token by looking up its SHA-256 hash: the plaintext is never compared or stored. The
 * exception messages are the API's 401 messages.
 */
@Component
class TokenAuthenticationManager implements AuthenticationManager {

    /** last_used_at is written at most this often per token, to keep a write off every request. */
    private static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);

    private final CredentialRepository credentials;
    private final Clock clock;
    private final Map<UUID, Instant> lastTouched = new ConcurrentHashMap<>();

    TokenAuthenticationManager(CredentialRepository credentials, Clock clock) {
        this.credentials = credentials;
        this.clock = clock;
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        String token = (String) presented.getCredentials();
        ApiToken stored = credentials
                .findByHash(TokenSecrets.hash(token))
                .orElseThrow(() -> new BadCredentialsException("Invalid token"));
        Instant now = clock.instant();
        if (stored.revokedAt() != null) {
            throw new DisabledException("Token revoked");
        }
        if (stored.expiresAt() != null && !now.isBefore(stored.expiresAt())) {
            throw new CredentialsExpiredException("Token expired");
        }
        touch(stored.tokenId(), now);
        return new TokenAuthentication(stored.principal());
    }

    private void touch(UUID tokenId, Instant now) {
        Instant previous = lastTouched.get(tokenId);
        if (previous == null || previous.plus(TOUCH_INTERVAL).isBefore(now)) {
            lastTouched.put(tokenId, now);
            credentials.touch(tokenId, now);
        }
    }
}
