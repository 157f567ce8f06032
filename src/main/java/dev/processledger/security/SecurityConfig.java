package dev.processledger.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.processledger.config.LedgerProperties;
import dev.processledger.http.Problems;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.CorsConfigurationSource;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * {@code /api/**} needs a bearer token; scopes decide what it may do. Everything else (the web console, health,
 * metrics, the OpenAPI document) is open. Every refusal is a problem body with the HPI messages.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfig {

    private static final String READ = Scope.PROCESSES_READ.value();
    private static final String WRITE = Scope.PROCESSES_WRITE.value();
    /** The {@code WWW-Authenticate} challenge of every 401 (RFC 6750). */
    static final String CHALLENGE = "Bearer realm=\"process-ledger\"";
    /** The Content-Security-Policy of the console and every other open, non-docs response. */
    static final String CONSOLE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    /**
     * Cross-origin browser calls are off unless {@code ledger.cors.allowed-origins} names the origins; for those,
     * preflights are answered before authentication (a preflight carries no token).
     */
    private static CorsConfigurationSource corsOf(LedgerProperties.Cors settings) {
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        if (!settings.allowedOrigins().isEmpty()) {
            CorsConfiguration cors = new CorsConfiguration();
            cors.setAllowedOrigins(settings.allowedOrigins());
            cors.setAllowedMethods(List.of("GET", "POST", "DELETE"));
            cors.setAllowedHeaders(List.of(
                    HttpHeaders.AUTHORIZATION,
                    HttpHeaders.CONTENT_TYPE,
                    HttpHeaders.ACCEPT,
                    "Idempotency-Key",
                    "Last-Event-ID"));
            cors.setExposedHeaders(List.of(HttpHeaders.RETRY_AFTER, HttpHeaders.WWW_AUTHENTICATE));
            cors.setMaxAge(settings.maxAge());
            source.registerCorsConfiguration("/api/**", cors);
        }
        return source;
    }

    /** The CORS checks of {@link #corsOf}, refusing as a problem body. */
    private static CorsFilter corsFilter(LedgerProperties.Cors settings, ObjectMapper json) {
        CorsFilter filter = new CorsFilter(corsOf(settings));
        filter.setCorsProcessor(new ProblemCorsProcessor(json));
        return filter;
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(
            HttpSecurity http,
            TokenAuthenticationManager tokens,
            RateLimiter limiter,
            ObjectMapper json,
            LedgerProperties properties)
            throws Exception {
        AuthenticationFilter bearer = new AuthenticationFilter(tokens, request -> {
            String header = request.getHeader("Authorization");
            if (header == null) {
                return null;
            }
            String token = header.regionMatches(true, 0, "Bearer ", 0, 7)
                    ? header.substring(7).trim()
                    : null;
            if (!TokenSecrets.wellFormed(token)) {
                throw new BadCredentialsException("Invalid token");
            }
            return new TokenAuthentication.Presented(token);
        });
        bearer.setSuccessHandler((request, response, authentication) -> {});
        bearer.setFailureHandler((request, response, e) -> {
            limiter.failedAuthentication(request.getRemoteAddr());
            // RFC 6750: a token was presented and is not good
            response.setHeader(
                    HttpHeaders.WWW_AUTHENTICATE,
                    CHALLENGE + ", error=\"invalid_token\", error_description=\"" + e.getMessage() + "\"");
            Problems.write(
                    response,
                    Problems.of(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", e.getMessage()),
                    json);
        });

        return http.securityMatcher("/api/**")
                .csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .anonymous(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .cors(AbstractHttpConfigurer::disable)
                .addFilterAt(corsFilter(properties.cors(), json), CorsFilter.class)
                .addFilterBefore(
                        new RateLimitFilter.FailedAuthenticationGate(limiter, json), BasicAuthenticationFilter.class)
                .addFilterAt(bearer, BasicAuthenticationFilter.class)
                .addFilterAfter(new RateLimitFilter(limiter, json), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(auth -> auth.requestMatchers(
                                HttpMethod.POST,
                                "/api/v1/processes",
                                "/api/v1/processes/*/update",
                                "/api/v1/tasks",
                                "/api/v1/tasks/*/cancel",
                                "/api/v1/tasks/*/complete")
                        .hasAnyAuthority(WRITE, Scope.TASKS_CREATE.value())
                        .requestMatchers(HttpMethod.GET, "/api/v1/tasks", "/api/v1/tasks/**")
                        .hasAnyAuthority(READ, WRITE, Scope.TASKS_READ.value())
                        .requestMatchers(
                                HttpMethod.GET,
                                "/api/v1/processes",
                                "/api/v1/processes/**",
                                "/api/v1/audit/**",
                                "/api/v1/stream",
                                "/api/v1/analytics/**")
                        .hasAnyAuthority(READ, WRITE)
                        .requestMatchers(
                                "/api/v1/tokens", "/api/v1/tokens/**", "/api/v1/projections", "/api/v1/projections/**")
                        .hasAuthority(Scope.ADMIN.value())
                        .requestMatchers("/api/v1/organizations")
                        .hasAuthority(Scope.SYSTEM.value())
                        .requestMatchers(HttpMethod.POST, "/api/v1/analytics/replay")
                        .hasAuthority(Scope.SYSTEM.value())
                        .anyRequest()
                        .authenticated())
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> {
                            response.setHeader(HttpHeaders.WWW_AUTHENTICATE, CHALLENGE);
                            Problems.write(
                                    response,
                                    Problems.of(
                                            HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized", "Unauthorized"),
                                    json);
                        })
                        .accessDeniedHandler((request, response, ex) -> Problems.write(
                                response,
                                Problems.of(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Insufficient permissions"),
                                json)))
                .build();
    }

    @Bean
    WebSecurityCustomizer firewall(ObjectMapper json) {
        Firewall firewall = new Firewall(json);
        return web -> web.httpFirewall(firewall).requestRejectedHandler(firewall);
    }

    /**
     * Swagger UI styles its elements inline, so it cannot live under the console's policy; it keeps Spring Security's
     * default headers, as before the console existed (docs/decisions.md).
     */
    @Bean
    @Order(2)
    SecurityFilterChain docsUi(HttpSecurity http) throws Exception {
        return http.securityMatcher("/swagger-ui/**", "/swagger-ui.html")
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }

    /**
     * Everything else, the web console at {@code /} included, is open and served under a strict policy: only this
     * origin's scripts, styles and API, nothing inline, no framing, no referrer (docs/console.md).
     */
    @Bean
    @Order(3)
    SecurityFilterChain open(HttpSecurity http) throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER))
                        .frameOptions(HeadersConfigurer.FrameOptionsConfig::deny))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .build();
    }
}
