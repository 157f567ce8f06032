package dev.processledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.http.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * After authentication: a token or organization over its rate gets 429 with {@code Retry-After}, before any work
 * is done. Every answer to an authenticated request carries {@code RateLimit-Limit}, {@code RateLimit-Remaining} and
 * {@code RateLimit-Reset} (draft-ietf-httpapi-ratelimit-headers) for the stricter of the two buckets.
 */
class RateLimitFilter extends OncePerRequestFilter {

    private final RateLimiter limiter;
    private final ObjectMapper json;

    RateLimitFilter(RateLimiter limiter, ObjectMapper json) {
        this.limiter = limiter;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.getPrincipal() instanceof TokenPrincipal caller) {
            Optional<RateLimiter.Limited> limited = limiter.acquire(caller);
            TokenBuckets.Quota quota = limiter.quota(caller);
            if (quota != null) {
                response.setHeader("RateLimit-Limit", Long.toString(quota.limit()));
                response.setHeader("RateLimit-Remaining", Long.toString(quota.remaining()));
                response.setHeader("RateLimit-Reset", Long.toString(quota.resetSeconds()));
            }
            if (limited.isPresent()) {
                tooMany(
                        response,
                        limited.get().retryAfterSeconds(),
                        "rate limit of the " + limited.get().limit() + " exceeded",
                        json);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    static void tooMany(HttpServletResponse response, long retryAfter, String reason, ObjectMapper json)
            throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfter));
        Problems.write(
                response,
                Problems.of(
                        HttpStatus.TOO_MANY_REQUESTS,
                        "rate-limited",
                        "Too many requests",
                        "%s; retry after %d second%s".formatted(reason, retryAfter, retryAfter == 1 ? "" : "s")),
                json);
    }

    /**
     * Before authentication: an address that sent too many bad tokens gets 429 until it slows down, whatever it
     * sends, so guessing tokens is slow and costs no token lookups.
     */
    static final class FailedAuthenticationGate extends OncePerRequestFilter {

        private final RateLimiter limiter;
        private final ObjectMapper json;

        FailedAuthenticationGate(RateLimiter limiter, ObjectMapper json) {
            this.limiter = limiter;
            this.json = json;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            long blocked = limiter.blockedFor(request.getRemoteAddr());
            if (blocked > 0) {
                tooMany(response, blocked, "too many requests with invalid tokens from this address", json);
                return;
            }
            chain.doFilter(request, response);
        }
    }
}
