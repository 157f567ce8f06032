package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** Over HTTP: minting tokens does not multiply an organization's rate; other organizations go on. */
@H2Store
@TestPropertySource(
        properties = {"ledger.rate-limit.per-second=100", "ledger.rate-limit.per-organization-per-second=4"})
class OrganizationRateLimitApiTest extends ApiTestSupport {

    @Test
    void anOrganizationsTokensShareItsRate() {
        String admin = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Busy"))
                .text("admin_token");
        List<String> tokens = java.util.stream.IntStream.range(0, 3)
                .mapToObj(i -> api.post(
                                "/api/v1/tokens", admin, Map.of("name", "t" + i, "scopes", List.of("processes:read")))
                        .text("token"))
                .toList();

        int allowed = 0;
        Api.Response last = null;
        for (int i = 0; i < 40 && (last == null || last.status() != 429); i++) {
            last = api.get("/api/v1/processes", tokens.get(i % tokens.size()));
            allowed += last.status() == 200 ? 1 : 0;
        }

        assertThat(tokens).allSatisfy(token -> assertThat(token).startsWith("htk_"));
        assertThat(allowed)
                .as("the rest of a burst of 8, plus what refilled meanwhile")
                .isBetween(4, 20);
        assertProblem(last, 429, "rate-limited", null);
        assertThat(last.text("detail")).startsWith("rate limit of the organization exceeded");
        assertThat(last.raw().headers().firstValue("Retry-After")).isPresent();
        assertThat(api.get("/api/v1/processes", ADMIN_TOKEN).status())
                .as("another organization")
                .isEqualTo(200);
    }
}
