package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Over HTTP: a token over its rate gets 429 with Retry-After, appends nothing, and other tokens go on. */
@H2Store
@TestPropertySource(properties = "ledger.rate-limit.per-second=3")
class RateLimitApiTest extends ApiTestSupport {

    @Test
    void aTokenOverItsRateIs429WithRetryAfterAndAppendsNothing() {
        String id = createProcess(uniqueNamespace(), "build");
        String limited = api.post(
                        "/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "burst", "scopes", List.of("processes:write")))
                .text("token");

        int accepted = 0;
        Api.Response last = null;
        for (int i = 0; i < 10 && (last == null || last.status() != 429); i++) {
            last = api.post(
                    "/api/v1/processes/" + id + "/update", limited, "{\"type\":\"step_started\",\"step\":\"nope\"}");
            accepted += last.status() == 400 ? 1 : 0;
        }
        long events = eventCount(id);
        Api.Response refused = api.post(
                "/api/v1/processes/" + id + "/update", limited, "{\"type\":\"step_started\",\"step\":\"build\"}");

        assertThat(accepted).as("a burst of twice the rate gets through").isGreaterThanOrEqualTo(6);
        assertProblem(refused, 429, "rate-limited", null);
        assertThat(Long.parseLong(
                        refused.raw().headers().firstValue("Retry-After").orElseThrow()))
                .isPositive();
        assertThat(eventCount(id)).isEqualTo(events);
        assertThat(api.get("/api/v1/processes/" + id, ADMIN_TOKEN).status())
                .as("another token goes on")
                .isEqualTo(200);
    }

    @Test
    void answersToAuthenticatedRequestsCarryTheRateLimitHeaders() {
        String reader = api.post(
                        "/api/v1/tokens", ADMIN_TOKEN, Map.of("name", "counted", "scopes", List.of("processes:read")))
                .text("token");

        Api.Response first = api.get("/api/v1/processes", reader);
        Api.Response second = api.get("/api/v1/processes", reader);
        Api.Response refused = api.get("/api/v1/tokens", reader);

        assertThat(header(first, "RateLimit-Limit"))
                .as("bursts of twice the rate")
                .isEqualTo(6);
        assertThat(header(first, "RateLimit-Remaining")).isEqualTo(5);
        assertThat(header(second, "RateLimit-Remaining"))
                .as("less one, plus what a third of a second refills")
                .isBetween(4L, 5L);
        assertThat(header(second, "RateLimit-Reset")).isBetween(1L, 2L);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(header(refused, "RateLimit-Remaining"))
                .as("a refusal counts too")
                .isLessThan(6);
        assertThat(api.get("/api/v1/processes", null).raw().headers().firstValue("RateLimit-Limit"))
                .as("no token, no bucket")
                .isEmpty();
    }

    private static long header(Api.Response response, String name) {
        return Long.parseLong(response.raw().headers().firstValue(name).orElseThrow(() -> new AssertionError(name)));
    }
}
