package dev.processledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/** After authentication: a token over its rate gets 429 with {@code Retry-After}, before any work is done. */
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
            long retryAfter = limiter.acquire(caller.tokenId());
            if (retryAfter > 0) {
                response.setHeader("Retry-After", Long.toString(retryAfter));
                Problems.write(response, Problems.of(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                        "rate limit exceeded; retry after %d second%s".formatted(retryAfter, retryAfter == 1 ? "" : "s")),
                        json);
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
