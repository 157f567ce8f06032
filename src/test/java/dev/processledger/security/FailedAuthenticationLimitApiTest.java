package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Over HTTP: an address sending unknown tokens gets 429 once over its rate, valid requests included, until it waits. */
@H2Store
@TestPropertySource(properties = "ledger.rate-limit.failed-auth-per-address-per-second=2")
class FailedAuthenticationLimitApiTest extends ApiTestSupport {

    @Test
    void guessingTokensFromOneAddressIsSlowedDown() throws InterruptedException {
        int unauthorized = 0;
        Api.Response last = null;
        for (int i = 0; i < 10 && (last == null || last.status() != 429); i++) {
            last = api.get("/api/v1/processes", TokenSecrets.generate());
            unauthorized += last.status() == 401 ? 1 : 0;
        }
        Api.Response evenValid = api.get("/api/v1/processes", ADMIN_TOKEN);

        assertThat(unauthorized).as("a burst of twice the rate is answered 401").isBetween(4, 5);
        assertProblem(last, 429, "rate-limited", null);
        assertThat(last.text("detail")).startsWith("too many requests with invalid tokens from this address");
        long retryAfter =
                Long.parseLong(last.raw().headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();
        assertThat(evenValid.status())
                .as("the address is blocked, whatever token it sends")
                .isEqualTo(429);
        Thread.sleep(retryAfter * 1000 + 200);
        assertThat(api.get("/api/v1/processes", ADMIN_TOKEN).status()).isEqualTo(200);
    }
}
