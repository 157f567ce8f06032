package dev.processledger.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.processledger.support.Api;
import dev.processledger.support.ApiTestSupport;
import dev.processledger.support.H2Store;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** An organization holds at most {@code ledger.max-tokens-per-organization} working tokens; others are unaffected. */
@H2Store
@TestPropertySource(properties = "ledger.max-tokens-per-organization=3")
class TokenQuotaApiTest extends ApiTestSupport {

    @Test
    void pastTheQuotaATokenCreateIs409AndRevokingOneMakesRoom() {
        String admin = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Busy"))
                .text("admin_token");
        String other = api.post("/api/v1/organizations", ADMIN_TOKEN, Map.of("name", "Quiet"))
                .text("admin_token");
        Api.Response first = create(admin, "one");
        assertThat(first.status()).isEqualTo(201);
        assertThat(create(admin, "two").status())
                .as("the admin token counts: three in all")
                .isEqualTo(201);
        long tokensBefore = count("SELECT COUNT(*) FROM api_token");

        Api.Response refused = create(admin, "three");

        assertProblem(refused, 409, "token-quota", null);
        assertThat(refused.text("code")).isEqualTo("token_quota_exceeded");
        assertThat(refused.text("detail")).contains("3 working tokens");
        assertThat(count("SELECT COUNT(*) FROM api_token"))
                .as("nothing created")
                .isEqualTo(tokensBefore);
        assertThat(create(other, "elsewhere").status())
                .as("another organization's quota is its own")
                .isEqualTo(201);
        assertThat(api.delete("/api/v1/tokens/" + first.text("token_id"), admin).status())
                .isEqualTo(204);
        assertThat(create(admin, "three").status())
                .as("a revoked token no longer counts")
                .isEqualTo(201);
    }

    private Api.Response create(String admin, String name) {
        return api.post("/api/v1/tokens", admin, Map.of("name", name, "scopes", List.of("processes:read")));
    }
}
